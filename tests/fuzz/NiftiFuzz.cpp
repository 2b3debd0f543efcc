// Fuzz target for the fast NIfTI path: header parsing, gzip inflation and voxel conversion.
// Any input must end in success or a clean InputError rejecting the input; anything else (a
// crash, a sanitizer report, another exception, a huge allocation, or an InputError caused by the
// process rather than the file - out of descriptors or memory) is a bug.
//
// Built two ways: with clang's libFuzzer when the compiler offers it (seglens_fuzz_nifti_libfuzzer),
// and always as a deterministic mutation loop (this file's main) over a fixed number of inputs
// from a fixed seed, so every run explores the same inputs on any machine and a failure replays.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ImageIO.h"
#include "InputError.h"
#include "NiftiReader.h"
#include "NiftiTestFiles.h"

namespace {

std::string scratchPath(bool gz) {
  static const std::string base = "/tmp/seglens-fuzz-" + std::to_string(::getpid());
  return base + (gz ? ".nii.gz" : ".nii");
}

enum class Outcome { Accepted, Rejected, Declined };

// What the last input did, for the deterministic driver's histogram ("" when accepted).
std::string& lastRejection() {
  static std::string text;
  return text;
}

Outcome runOne(const std::uint8_t* data, std::size_t size) {
  lastRejection().clear();
  if (size == 0) return Outcome::Declined;
  // The first byte picks the file name (and so the path taken), the rest is the file.
  const bool gz = data[0] & 1;
  const int mode = (data[0] >> 1) & 3;
  const std::string path = scratchPath(gz);
  seglens::test::writeBytes(path, std::vector<std::uint8_t>(data + 1, data + size));
  try {
    // Headers the fast path declines go to ITK, whose niftilib is not what is being fuzzed.
    if (!seglens::NiftiReader(path, true).supported()) return Outcome::Declined;
    switch (mode) {
      case 0: {
        seglens::NiftiReader reader(path);
        if (reader.supported()) reader.readFloats();
        break;
      }
      case 1: seglens::loadLabelImage(path); break;
      case 2: seglens::loadScalarImage(path); break;
      default: seglens::readGeometry(path); break;
    }
  } catch (const seglens::InputError& e) {
    lastRejection() = e.problem();
    return Outcome::Rejected;
  }
  return Outcome::Accepted;
}

// An InputError is a clean rejection only when the file caused it. The scratch file always
// exists and is readable, so failing to open it, or any message carrying an errno text of
// resource exhaustion, means the process (not the input) is broken - e.g. leaked descriptors.
bool cleanRejection(const std::string& problem) {
  if (problem.find("cannot open") != std::string::npos ||
      problem.find("cannot stat") != std::string::npos ||
      problem.find("permission denied") != std::string::npos ||
      problem.find("not enough memory") != std::string::npos)
    return false;
  for (int err : {EMFILE, ENFILE, ENOMEM, EIO})
    if (problem.find(std::strerror(err)) != std::string::npos) return false;
  return true;
}

// The problem text up to its first number or detail, e.g. "header declares".
std::string messageClass(const std::string& problem) {
  std::string out;
  for (char ch : problem) {
    if ((ch >= '0' && ch <= '9') || ch == ':' || ch == '(' || ch == ',' || ch == '-') break;
    out += ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.size() > 60 ? out.substr(0, 60) : out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 && size < (1 << 16)) {
    if (runOne(data, size) == Outcome::Rejected && !cleanRejection(lastRejection())) {
      std::fprintf(stderr, "not a clean rejection: %s\n", lastRejection().c_str());
      std::abort();
    }
  }
  return 0;
}

#ifndef SEGLENS_LIBFUZZER
namespace {

using seglens::test::NiftiSpec;

// Small valid files of every flavour: the starting points for mutation.
std::vector<std::vector<std::uint8_t>> seeds() {
  std::vector<std::vector<std::uint8_t>> out;
  int k = 0;
  for (int dt : {2, 256, 4, 512, 8, 768, 1024, 1280, 16, 64}) {
    for (int version : {1, 2}) {
      NiftiSpec s;
      s.version = version;
      s.voxOffset = version == 1 ? 352 : 544;
      s.datatype = dt;
      s.bigEndian = (k & 1) != 0;
      s.dim = {3, 4, 3, 2, 1, 1, 1, 1};
      s.sformCode = k % 3;
      s.qformCode = (k / 3) % 2;
      if (k % 4 == 0) {
        s.slope = 2;
        s.inter = 1;
      }
      std::vector<double> values(24);
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = double((i * 7 + k) % 5);
      auto file = seglens::test::niftiHeader(s);
      const auto voxels = seglens::test::niftiVoxels(s, values);
      file.insert(file.end(), voxels.begin(), voxels.end());
      out.push_back(file);
      ++k;
    }
  }
  return out;
}

template <class T>
void putAt(std::vector<std::uint8_t>& b, std::size_t at, T v) {
  if (at + sizeof(T) <= b.size()) std::memcpy(b.data() + at, &v, sizeof(T));
}

// One random edit: bit flips, interesting values in header fields, truncation, growth.
void mutate(std::vector<std::uint8_t>& b, std::mt19937_64& rng) {
  if (b.empty()) b.push_back(0);
  const std::size_t headerSpan = std::min<std::size_t>(b.size(), 560);
  const std::size_t at = rng() % (rng() % 4 ? headerSpan : b.size());
  static const double floats[] = {0.0, -1.0, 1e30, -1e30, 1e-30, NAN, INFINITY, 0.5, 348, 1e10};
  static const std::int64_t ints[] = {0, -1, 1, 7, 8, 32767, -32768, 2147483647, 348, 540,
                                      1LL << 40, -(1LL << 40)};
  switch (rng() % 9) {
    case 0: b[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
    case 1: b[at] = static_cast<std::uint8_t>(rng()); break;
    case 2: putAt<std::int16_t>(b, at & ~std::size_t(1), static_cast<std::int16_t>(ints[rng() % 12])); break;
    case 3: putAt<std::int32_t>(b, at & ~std::size_t(3), static_cast<std::int32_t>(ints[rng() % 12])); break;
    case 4: putAt<std::int64_t>(b, at & ~std::size_t(7), ints[rng() % 12]); break;
    case 5: putAt<float>(b, at & ~std::size_t(3), static_cast<float>(floats[rng() % 10])); break;
    case 6: putAt<double>(b, at & ~std::size_t(7), floats[rng() % 10]); break;
    case 7: b.resize(rng() % (b.size() + 1)); break;
    default: b.insert(b.end(), rng() % 64, static_cast<std::uint8_t>(rng())); break;
  }
}

}  // namespace

std::size_t openDescriptors() {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    (void)e;
    ++n;
  }
  return n;
}

// Usage: seglens-fuzz-nifti [inputs] [seed]. The same count and seed give the same inputs.
int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 2000;
  const unsigned long long seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20240607;
  if (count <= 0) {
    std::fprintf(stderr, "seglens-fuzz-nifti: inputs must be a positive count\n");
    return 2;
  }
  const auto pool = seeds();
  std::mt19937_64 rng(seed);
  std::map<std::string, long> histogram;
  long accepted = 0, declined = 0, rejected = 0, unclean = 0, other = 0;
  std::size_t descriptorsBefore = 0;
  for (long input = 0; input < count; ++input) {
    std::vector<std::uint8_t> file = pool[rng() % pool.size()];
    const int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits; ++e) mutate(file, rng);
    const int kind = int(rng() % 3);  // plain, gzip of the mutated file, or mutated gzip
    if (kind == 1) file = seglens::test::gzipBytes(file, 1 + int(rng() % 2));
    if (kind == 2) {
      file = seglens::test::gzipBytes(file);
      mutate(file, rng);
    }
    std::uint8_t selector = static_cast<std::uint8_t>(rng());
    selector = static_cast<std::uint8_t>((selector & ~1u) | (kind ? 1u : 0u));
    file.insert(file.begin(), selector);
    try {
      switch (runOne(file.data(), file.size())) {
        case Outcome::Accepted: ++accepted; break;
        case Outcome::Declined: ++declined; break;
        case Outcome::Rejected:
          if (cleanRejection(lastRejection())) {
            ++rejected;
            ++histogram["InputError: " + messageClass(lastRejection())];
          } else {
            ++unclean;
            std::fprintf(stderr, "input %ld (seed %llu): not a clean rejection: %s\n", input,
                         seed, lastRejection().c_str());
          }
          break;
      }
    } catch (const std::exception& e) {
      ++other;
      std::fprintf(stderr, "input %ld (seed %llu): %s\n", input, seed, e.what());
    }
    // After the first input: ITK and TBB keep what they open on first use.
    if (input == 0) descriptorsBefore = openDescriptors();
  }
  const std::size_t descriptorsAfter = openDescriptors();
  std::remove(scratchPath(false).c_str());
  std::remove(scratchPath(true).c_str());
  std::printf("seglens-fuzz-nifti: %ld inputs, seed %llu\n", count, seed);
  std::printf("  accepted                 %8ld\n", accepted);
  std::printf("  declined (left to ITK)   %8ld\n", declined);
  std::printf("  rejected (InputError)    %8ld\n", rejected);
  for (const auto& [what, n] : histogram) std::printf("    %-56s %8ld\n", what.c_str(), n);
  std::printf("  unclean InputError       %8ld\n", unclean);
  std::printf("  other exception          %8ld\n", other);
  std::printf("  open descriptors         %8zu -> %zu\n", descriptorsBefore, descriptorsAfter);
  const bool ok = unclean == 0 && other == 0 && descriptorsAfter <= descriptorsBefore;
  std::printf("%s\n", ok ? "no failures" : "FAILED");
  return ok ? 0 : 1;
}
#endif
