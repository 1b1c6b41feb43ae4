// Overloaded: one lambda per alternative for std::visit over the training protocol's variants
// (the runner's commands, the session's events, the codec's messages).
#pragma once

namespace digitlab {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace digitlab
