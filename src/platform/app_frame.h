// The part of a frame both shells share: the UI scale, ImGui's frame around App::frame(), and
// drawing it into the window's framebuffer with OpenGL (desktop) or WebGL2 (web). Each shell
// polls its events before and presents after (the desktop swaps; the browser presents when its
// animation-frame callback returns).
#pragma once

struct GLFWwindow;

namespace digitlab {

class App;

struct FramebufferSize {
  int width = 0, height = 0;
};

// scale: the UI scale for this frame (the window's content scale, the page's device pixel
// ratio); a new one rebuilds the fonts and the renderer's font texture. Returns the size drawn.
FramebufferSize draw_app_frame(App& app, GLFWwindow* window, float scale);

}  // namespace digitlab
