// AtomicFile: regular files are replaced through a rename, anything else is written in place,
// and no temporary file survives any outcome.
#include "AtomicFile.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "InputError.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
  }
  // Names in the folder that look like our temporary files.
  std::vector<std::string> leftovers() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename().string().find(".seglens-tmp-") != std::string::npos)
        out.push_back(e.path().filename().string());
    return out;
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesNewAndReplacesRegularFiles) {
  AtomicFile::write(path("a.csv"), "one\n");
  EXPECT_EQ(slurp(path("a.csv")), "one\n");
  AtomicFile::write(path("a.csv"), "two\n");
  EXPECT_EQ(slurp(path("a.csv")), "two\n");
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(AtomicFileTest, DevNullStaysACharacterDevice) {
  if (::access("/dev/null", W_OK) != 0) GTEST_SKIP() << "/dev/null not writable";
  AtomicFile::write("/dev/null", "report\n");
  AtomicFile::writeWith("/dev/null", [](const std::string& tmp) { std::ofstream(tmp) << "x"; });
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST_F(AtomicFileTest, SymlinkToDeviceIsWrittenThrough) {
  if (::access("/dev/null", W_OK) != 0) GTEST_SKIP() << "/dev/null not writable";
  fs::create_symlink("/dev/null", path("null-link"));
  AtomicFile::write(path("null-link"), "report\n");
  EXPECT_TRUE(fs::is_symlink(path("null-link")));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(AtomicFileTest, SymlinkToRegularFileKeepsTheLink) {
  AtomicFile::write(path("real.csv"), "old\n");
  fs::create_symlink(path("real.csv"), path("link.csv"));
  AtomicFile::write(path("link.csv"), "new\n");
  EXPECT_TRUE(fs::is_symlink(path("link.csv")));
  EXPECT_EQ(slurp(path("real.csv")), "new\n");
}

TEST_F(AtomicFileTest, FifoIsWrittenInPlace) {
  const std::string fifo = path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });  // open blocks until the writer opens
  AtomicFile::write(fifo, "through the pipe\n");
  reader.join();
  EXPECT_EQ(received, "through the pipe\n");
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(AtomicFileTest, LongestLegalNameWorks) {
  const std::string name = std::string(245 - 4, 'n') + ".csv";  // 245 bytes, NAME_MAX is 255
  ASSERT_EQ(name.size(), 245u);
  AtomicFile::write(path(name), "long\n");
  EXPECT_EQ(slurp(path(name)), "long\n");
  const std::string tmp = fs::path(AtomicFile::tempNameFor(path(name), 123456)).filename().string();
  EXPECT_LE(tmp.size(), 255u);
  EXPECT_EQ(tmp.substr(tmp.size() - 4), ".csv");
  const std::string image = std::string(245 - 7, 'i') + ".nii.gz";
  const std::string tmpImage = fs::path(AtomicFile::tempNameFor(path(image), 7)).filename().string();
  EXPECT_LE(tmpImage.size(), 255u);
  EXPECT_EQ(tmpImage.substr(tmpImage.size() - 7), ".nii.gz");
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(AtomicFileTest, FailedRenameRemovesTheTemporaryFile) {
  const std::string target = path("becomes-a-folder.csv");
  try {
    // The target turns into a non-empty folder while the file is produced: rename must fail.
    AtomicFile::writeWith(target, [&](const std::string& tmp) {
      std::ofstream(tmp) << "data";
      fs::create_directories(fs::path(target) / "inside");
    });
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("becomes-a-folder.csv"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(AtomicFileTest, FailedProducerRemovesTheTemporaryFile) {
  EXPECT_THROW(AtomicFile::writeWith(path("x.nii.gz"),
                                     [](const std::string& tmp) {
                                       std::ofstream(tmp) << "half";
                                       throw InputError(tmp, "disk full");
                                     }),
               InputError);
  EXPECT_FALSE(fs::exists(path("x.nii.gz")));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(AtomicFileTest, FolderOrMissingFolderIsAClearError) {
  EXPECT_THROW(AtomicFile::write(dir_.string(), "x"), InputError);
  try {
    AtomicFile::write(path("no/such/folder/a.csv"), "x");
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a.csv"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace seglens
