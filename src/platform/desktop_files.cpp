#include "desktop_files.h"

#include <GLFW/glfw3.h>

#include <vector>

#include "assets.h"
#include "data/formats.h"
#include "desktop_kept_model.h"
#include "desktop_my_digits.h"

namespace digitlab {
namespace {

App* g_app = nullptr;

const char* const kMnistFiles[] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                   "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void on_drop(GLFWwindow*, int count, const char** paths) {
  if (g_app) open_files(*g_app, std::vector<std::string>(paths, paths + count));
}

}  // namespace

void open_files(App& app, const std::vector<std::string>& paths) {
  std::vector<NamedFile> files;
  for (const std::string& path : paths) {
    Result<std::vector<uint8_t>> bytes = read_file(path);
    // One unreadable file refuses the drop, as a bad file in it would.
    if (!bytes) return app.show_error("Cannot load the dropped files: " + bytes.error());
    files.push_back({base_name(path), std::move(*bytes)});
  }
  app.training().queue_files(std::move(files));
}

void install_desktop_files(GLFWwindow* window, App& app, const std::string& assets_dir,
                           const std::string& mnist_dir, const std::string& data_dir) {
  g_app = &app;
  glfwSetDropCallback(window, on_drop);
  PlatformFiles files;
  files.paths = true;
  // Read at once: the files are local, and the panel takes them as the page's fetch would.
  files.fetch_mnist = [&app, mnist_dir] {
    std::vector<NamedFile> mnist;
    for (const char* name : kMnistFiles) {
      Result<std::vector<uint8_t>> bytes = read_file(mnist_dir + "/" + name);
      if (!bytes) return app.training().fetch_failed(bytes.error());
      mnist.push_back({name, std::move(*bytes)});
    }
    app.training().queue_files(std::move(mnist), true);
  };
  add_kept_model(files, data_dir);
  app.training().set_platform(std::move(files));
  if (Result<std::vector<uint8_t>> pre = read_file(assets_dir + "/" + kModelFile); pre)
    app.training().set_pretrained(std::move(*pre));
  restore_kept_model_file(app.training(), data_dir);
  install_desktop_my_digits(app, data_dir);
}

}  // namespace digitlab
