#pragma once
#include <memory>
#include <vector>

namespace seglens {

// Identity of a job's inputs: the shared objects it reads, held weakly and compared by owner (a
// freed image whose address is reused never matches, and nothing is kept alive), plus its
// settings by value. A result is current only while its key equals the key of what is loaded.
class InputKey {
 public:
  InputKey& object(std::shared_ptr<const void> p) {
    objects_.emplace_back(p);
    return *this;
  }
  InputKey& setting(double v) {
    settings_.push_back(v);
    return *this;
  }
  bool operator==(const InputKey& o) const {
    if (settings_ != o.settings_ || objects_.size() != o.objects_.size()) return false;
    for (std::size_t i = 0; i < objects_.size(); ++i)
      if (objects_[i].owner_before(o.objects_[i]) || o.objects_[i].owner_before(objects_[i]))
        return false;
    return true;
  }
  bool operator!=(const InputKey& o) const { return !(*this == o); }
  bool empty() const { return objects_.empty() && settings_.empty(); }
  void clear() {
    objects_.clear();
    settings_.clear();
  }

 private:
  std::vector<std::weak_ptr<const void>> objects_;
  std::vector<double> settings_;
};

}  // namespace seglens
