#pragma once
#include <stdexcept>
#include <string>

namespace seglens {

// Any problem with a user's input file. what() is one line: "<file>: <problem>".
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string problem)
      : std::runtime_error(file + ": " + problem), file_(std::move(file)),
        problem_(std::move(problem)) {}
  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string problem_;
};

}  // namespace seglens
