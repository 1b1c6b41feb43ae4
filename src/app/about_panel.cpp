#include "about_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "text_format.h"
#include "training/training_config.h"
#include "widgets.h"

namespace digitlab {
namespace {

constexpr const char* kTitle = "About digitlab";

void paragraph(const char* text) {
  ImGui::TextWrapped("%s", text);
  ImGui::Spacing();
}

void formula(const char* what, const char* text) {
  ImGui::TextDisabled("%s", what);
  ImGui::Indent();
  ImGui::TextWrapped("%s", text);
  ImGui::Unindent();
}

void model_part(const Model* model) {
  heading("The model in use");
  if (model == nullptr) {
    paragraph("None loaded.");
    return;
  }
  const Architecture& arch = model->network.architecture();
  paragraph((describe(arch) + (arch.is_book() ? " sigmoid: the book's network" : "")).c_str());
  paragraph(("Made by: " + describe(model->config)).c_str());
  paragraph(("Trained for " + count_text(model->progress.epochs, "epoch") + ", " +
             thousands_text(model->progress.samples) + " samples.")
                .c_str());
  if (!arch.is_book())
    paragraph(
        "Beyond the book: this network uses what the book does not (another activation, loss, "
        "biases or optimiser); the views say where their formulas differ.");
}

}  // namespace

void AboutPanel::draw(const Model* model) {
  if (opening_) {
    ImGui::OpenPopup(kTitle);
    opening_ = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float width = std::min(ImGui::GetFontSize() * 44.0f, viewport->WorkSize.x * 0.94f);
  ImGui::SetNextWindowSize(ImVec2(width, 0.0f), ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f),
                                      ImVec2(width, viewport->WorkSize.y * 0.9f));
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  open_ = ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings);
  if (!open_) return;
  paragraph("digitlab " DIGITLAB_VERSION
            ": a neural network for handwritten digits, written from scratch in C++17. It runs "
            "here and as a desktop program; draw a digit to see its answer, train it, and look "
            "inside it.");
  heading("The book");
  paragraph(
      "Tariq Rashid, Make Your Own Neural Network (2016). Its network is the default: 784 "
      "inputs (a 28x28 image), one hidden layer, 10 outputs, the sigmoid on every layer, "
      "trained one sample at a time by gradient descent.");
  formula("Feed forward, layer by layer", "X = W.I,  O = sigmoid(X) = 1 / (1 + e^-X)");
  formula("Inputs and targets",
          "pixel / 255 x 0.99 + 0.01 (0.01..0.99); target 0.99 for the label, 0.01 for the "
          "others");
  formula("Initial weights", "normal, mean 0, standard deviation 1 / sqrt(incoming links)");
  formula("Errors", "at the output e = t - o; a hidden layer's e_h = W^T . e (split by weight)");
  formula("The update", "dW = lr x (e x o x (1 - o)) . o_prev^T");
  ImGui::Spacing();
  paragraph(
      "With 200 hidden units, lr 0.1 and 5 epochs the book reports about 97.5% on MNIST's test "
      "set; the bundled pre-trained model is that recipe, trained by the build.");
  model_part(model);
  heading("Data and code");
  paragraph(
      "MNIST: Y. LeCun, C. Cortes and C. J. C. Burges, 60,000 training and 10,000 test digits. "
      "digitlab is MIT-licensed; it uses Dear ImGui, GLFW and Emscripten.");
  if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace digitlab
