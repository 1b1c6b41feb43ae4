// The window system's events as a wake-up for the idle gate (src/app/idle_gate.h): every GLFW
// callback ImGui and the shells installed is wrapped so that it also raises a flag, which the
// frame takes. Events that arrive outside GLFW (a browser upload or fetch finishing, a test
// reading state()) raise it with wake_next_frame().
#pragma once

struct GLFWwindow;

namespace digitlab {

// After every other callback is installed (ImGui's, the key filter, the drop handler): the
// ones installed here call them.
void install_wake_on_input(GLFWwindow* window);
void wake_next_frame();
// True once per raise: whether anything happened since the last call.
bool take_wake();
// News that changes the screen once (a training worker's message): one frame is drawn, without
// the awake second that input gets, so a run in a worker redraws at its messages' rate (20 a
// second), not at the display's.
void draw_next_frame();
bool take_draw_request();  // true once per request

}  // namespace digitlab
