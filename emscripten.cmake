# Web specifics, included by CMakeLists.txt under emcmake (Emscripten 3.1.6; see the top of
# CMakeLists.txt for the commands, or just run web/serve.sh):
#   digitlab-web  the app as ${CMAKE_BINARY_DIR}/site/{index.html,digitlab.js,.wasm,.data}, the
#                 gzipped MNIST in site/mnist/, and LICENSE.txt + THIRD_PARTY_NOTICES.txt
#   unit_tests    the doctest suite for Node:  node --no-experimental-fetch build/web/unit_tests.js
# Every em++ link needs NODE_PATH=/usr/share/nodejs (Emscripten's optimizer wants Debian's acorn).

# The core's kernels are written to vectorise (src/core/kernels/kernels.h): WASM SIMD for them.
target_compile_options(digitlab_core PRIVATE -msimd128)

if(TARGET digitlab_app)
  set(DIGITLAB_ASSETS_DIR "" CACHE PATH
      "Folder with pretrained.dlm and the samples: the native build's assets folder")
  # Relative to the source tree, as the commands above are run from there.
  get_filename_component(assets_dir "${DIGITLAB_ASSETS_DIR}" ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
  # What the page needs for its first frame, preloaded into digitlab.data: the default model,
  # the samples and the bundled models' manifest (models.txt).
  set(asset_files ${assets_dir}/pretrained.dlm ${assets_dir}/samples-images.idx
      ${assets_dir}/samples-labels.idx ${assets_dir}/models.txt)
  foreach(file IN LISTS asset_files)
    if(NOT EXISTS ${file})
      message(FATAL_ERROR "The web app bundles the native build's assets, but ${file} is missing. "
        "Build natively first (cmake --build build/native makes build/native/assets), then "
        "configure with -DDIGITLAB_ASSETS_DIR=<that folder>.")
    endif()
  endforeach()

  set(site ${CMAKE_BINARY_DIR}/site)
  add_executable(digitlab-web src/platform/web_main.cpp src/platform/assets.cpp
                 src/platform/key_taps.cpp src/platform/app_frame.cpp
                 src/platform/page_state.cpp src/platform/gl_textures.cpp
                 src/platform/wake_signal.cpp)
  target_link_libraries(digitlab-web PRIVATE digitlab_app imgui_backends)
  digitlab_warnings(digitlab-web)
  set_target_properties(digitlab-web PROPERTIES
    OUTPUT_NAME digitlab
    SUFFIX .js  # never .html: Emscripten 3.1.6's HTML minifier is missing here
    RUNTIME_OUTPUT_DIRECTORY ${site}
    LINK_DEPENDS "${asset_files}")  # re-link (and re-pack digitlab.data) when they change
  target_link_options(digitlab-web PRIVATE
    -O2
    -sUSE_GLFW=3
    -sUSE_WEBGL2=1
    -sMIN_WEBGL_VERSION=2  # WebGL2 or nothing: the page says so instead of a broken WebGL1 try
    -sFULL_ES3=1
    -sALLOW_MEMORY_GROWTH=1)
  foreach(file IN LISTS asset_files)
    get_filename_component(name ${file} NAME)
    target_link_options(digitlab-web PRIVATE "SHELL:--preload-file ${file}@/assets/${name}")
  endforeach()
  # The other bundled models (those models.txt lists besides the preloaded default: the
  # manifest line in CMakeLists.txt), served from site/models/ and fetched only when the menu
  # or ?model=NAME chooses one: the strong model (1.6 MB) stays out of the start-up download
  # (issue 13's first frame). Named, not globbed: no other .dlm in the folder is published.
  set(bundled_models ${assets_dir}/strong.dlm)
  set(site_models "")
  foreach(file IN LISTS bundled_models)
    get_filename_component(name ${file} NAME)
    add_custom_command(
      OUTPUT ${site}/models/${name}
      COMMAND ${CMAKE_COMMAND} -E copy ${file} ${site}/models/${name}
      DEPENDS ${file}
      COMMENT "Copying the bundled model ${name} into the site")
    list(APPEND site_models ${site}/models/${name})
  endforeach()
  add_custom_target(digitlab-web-models DEPENDS ${site_models})
  add_dependencies(digitlab-web digitlab-web-models)

  # The page shell, copied by the build so an edit to web/index.html needs no re-configure.
  add_custom_command(
    OUTPUT ${site}/index.html
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/web/index.html ${site}/index.html
    DEPENDS ${PROJECT_SOURCE_DIR}/web/index.html
    COMMENT "Copying web/index.html into the site")
  add_custom_target(digitlab-web-page DEPENDS ${site}/index.html)
  add_dependencies(digitlab-web digitlab-web-page)
  # The licence and the third-party notices, served beside the app (LICENSE.txt,
  # THIRD_PARTY_NOTICES.txt).
  digitlab_ship_notices(digitlab-web-notices ${site})
  add_dependencies(digitlab-web digitlab-web-notices)

  # Training and model files (src/platform/web_files.cpp, web/files.js): IndexedDB through
  # IDBFS keeps the last model, and the page's file glue joins the module's scope as a pre-js.
  target_sources(digitlab-web PRIVATE src/platform/web_files.cpp)
  target_link_options(digitlab-web PRIVATE -lidbfs.js --pre-js ${PROJECT_SOURCE_DIR}/web/files.js)
  set_property(TARGET digitlab-web APPEND PROPERTY LINK_DEPENDS ${PROJECT_SOURCE_DIR}/web/files.js)
  # The bundled MNIST for training in the page, fetched only on demand: the four IDX files
  # gzip-compressed (55 MB -> 11 MB; -n leaves out name and time, so rebuilds are identical),
  # which the core's gunzip reads.
  set(mnist_site_files "")
  foreach(name train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte
          t10k-labels-idx1-ubyte)
    add_custom_command(
      OUTPUT ${site}/mnist/${name}.gz
      COMMAND ${CMAKE_COMMAND} -E copy ${DIGITLAB_MNIST_DIR}/${name} ${site}/mnist/${name}
      COMMAND gzip -9 -n -f ${site}/mnist/${name}
      DEPENDS ${DIGITLAB_MNIST_DIR}/${name}
      COMMENT "Compressing MNIST's ${name} into the site"
      VERBATIM)
    list(APPEND mnist_site_files ${site}/mnist/${name}.gz)
  endforeach()
  add_custom_target(digitlab-web-mnist DEPENDS ${mnist_site_files})
  add_dependencies(digitlab-web digitlab-web-mnist)

  # Training off the main thread (issue 12): the page's host (src/platform/worker_training_host.h)
  # runs the runner in a Web Worker, web/training_worker.js, which loads its own instance of the
  # engine: digitlab_trainer.js/.wasm, the core, the runner and the byte codec, no ImGui or GL.
  # A plain worker and transferred ArrayBuffers: no SharedArrayBuffer, so no special headers.
  target_sources(digitlab-web PRIVATE src/platform/worker_training_host.cpp)
  add_executable(digitlab-trainer src/platform/training_worker_main.cpp
                 src/app/training_runner.cpp src/app/training_codec.cpp)
  target_include_directories(digitlab-trainer PRIVATE src/app)
  target_link_libraries(digitlab-trainer PRIVATE digitlab_core)
  digitlab_warnings(digitlab-trainer)
  set_target_properties(digitlab-trainer PROPERTIES
    OUTPUT_NAME digitlab_trainer SUFFIX .js RUNTIME_OUTPUT_DIRECTORY ${site})
  # The same code generation as the Node CLI (digitlab-node below): the page's trainer is
  # measured against it (tests/bench/page_bench.mjs, BENCH_ONLY=worker).
  target_compile_options(digitlab-trainer PRIVATE -O3)
  target_link_options(digitlab-trainer PRIVATE -O3 -msimd128 --no-entry -sENVIRONMENT=worker
    -sALLOW_MEMORY_GROWTH=1 "-sEXPORTED_FUNCTIONS=['_malloc','_free']")
  add_custom_command(
    OUTPUT ${site}/training_worker.js
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/web/training_worker.js
            ${site}/training_worker.js
    DEPENDS ${PROJECT_SOURCE_DIR}/web/training_worker.js
    COMMENT "Copying web/training_worker.js into the site")
  add_custom_target(digitlab-web-worker DEPENDS ${site}/training_worker.js)
  add_dependencies(digitlab-web digitlab-web-worker digitlab-trainer)
endif()

if(TARGET doctest_header)
  # doctest is header-only, but -I/usr/include would also hand the host's glibc headers to
  # em++ (bits/wordsize.h not found): give the wasm build a folder with doctest alone.
  file(COPY /usr/include/doctest DESTINATION ${CMAKE_BINARY_DIR}/doctest-include)
  set_property(TARGET doctest_header PROPERTY
    INTERFACE_INCLUDE_DIRECTORIES ${CMAKE_BINARY_DIR}/doctest-include)
endif()

if(TARGET unit_tests)
  # Node reads the real files (MNIST, fixtures) through NODERAWFS; the tests exit with a code.
  target_link_options(unit_tests PRIVATE
    -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -sINITIAL_MEMORY=64MB)
  add_test(NAME unit_tests_node COMMAND node --no-experimental-fetch $<TARGET_FILE:unit_tests>)
endif()

# ---- digitlab-node.js: the command-line tool as WebAssembly for Node (tests/bench/run.sh) ----
#   cmake --build build/web --target digitlab-node
#   node --no-experimental-fetch build/web/digitlab-node.js train --hidden 200 --epochs 1
# Built only on request (EXCLUDE_FROM_ALL): the benchmark needs it, the tests and the site don't.
# The CLI's source list sits in CMakeLists.txt's native-only block, so it is globbed here.
file(GLOB digitlab_node_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/cli/*.cpp)
add_executable(digitlab-node EXCLUDE_FROM_ALL ${digitlab_node_sources})
target_link_libraries(digitlab-node PRIVATE digitlab_core)
target_compile_definitions(digitlab-node PRIVATE DIGITLAB_MNIST_DIR="${DIGITLAB_MNIST_DIR}")
digitlab_warnings(digitlab-node)
# stb_image for `predict --png`: its folder alone, as for doctest (all of /usr/include would
# hand the host's glibc headers to em++).
file(COPY /usr/include/stb DESTINATION ${CMAKE_BINARY_DIR}/stb-include)
target_include_directories(digitlab-node SYSTEM PRIVATE ${CMAKE_BINARY_DIR}/stb-include)
# The same code generation as the core: if the core is compiled for WASM SIMD, so are the CLI
# and the link. Generator expressions, so the core's options count wherever they are set.
set(core_options "$<TARGET_PROPERTY:digitlab_core,COMPILE_OPTIONS>")
set(core_public_options "$<TARGET_PROPERTY:digitlab_core,INTERFACE_COMPILE_OPTIONS>")
set(core_simd "$<OR:$<IN_LIST:-msimd128,${core_options}>,$<IN_LIST:-msimd128,${core_public_options}>>")
target_compile_options(digitlab-node PRIVATE $<${core_simd}:-msimd128>)
target_link_options(digitlab-node PRIVATE $<${core_simd}:-msimd128>)
# Real files through Node's fs (MNIST, models, PNGs); memory grows with the dataset; the exit
# code reaches the shell.
target_compile_options(digitlab-node PRIVATE -O3)
target_link_options(digitlab-node PRIVATE
  -O3 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
set_target_properties(digitlab-node PROPERTIES SUFFIX .js)
# NODERAWFS (Emscripten 3.1.6) marks stdin/stdout/stderr as terminals even when they are pipes
# or files, so isatty(2) is always true and the progress bar would redraw into logs. This
# pre-js asks Node instead, once the streams exist (FS.init runs after preRun).
set(node_tty_js ${CMAKE_BINARY_DIR}/digitlab-node-tty.pre.js)
file(WRITE ${node_tty_js} [=[
Module['preRun'] = [].concat(Module['preRun'] || [], function () {
  var createStandardStreams = FS.createStandardStreams;
  FS.createStandardStreams = function () {
    createStandardStreams();
    for (var fd = 0; fd < 3; fd++) FS.streams[fd].tty = require('tty').isatty(fd);
  };
});
]=])
target_link_options(digitlab-node PRIVATE --pre-js ${node_tty_js})
set_property(TARGET digitlab-node APPEND PROPERTY LINK_DEPENDS ${node_tty_js})

# ---- modern-bench-node.js: tests/bench/modern_bench.cpp for Node (tests/bench/run.sh) ----
#   cmake --build build/web --target modern-bench-node
# The same code generation and link as digitlab-node above.
add_executable(modern-bench-node EXCLUDE_FROM_ALL ${PROJECT_SOURCE_DIR}/tests/bench/modern_bench.cpp)
target_link_libraries(modern-bench-node PRIVATE digitlab_core)
target_compile_definitions(modern-bench-node PRIVATE DIGITLAB_MNIST_DIR="${DIGITLAB_MNIST_DIR}")
digitlab_warnings(modern-bench-node)
target_compile_options(modern-bench-node PRIVATE -O3 $<${core_simd}:-msimd128>)
target_link_options(modern-bench-node PRIVATE $<${core_simd}:-msimd128>
  -O3 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
set_target_properties(modern-bench-node PROPERTIES SUFFIX .js)
