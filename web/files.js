// digitlab's file glue in the page, linked into digitlab.js with --pre-js (emscripten.cmake),
// so it shares the module's scope (FS, IDBFS, HEAPU8, the exported _digitlab_* functions):
//   - keeping the model: IndexedDB through Emscripten's IDBFS at /persist, read before main()
//     runs so the app can start from the kept model
//   - uploads: a hidden <input type=file multiple> the app's buttons open, and drops anywhere
//     on the page
//   - the bundled MNIST, fetched on demand from mnist/*.gz with progress
//   - the bundled models other than the default, fetched on demand from models/
//   - downloads: a Blob behind an <a download>
//   - the test hooks: window.digitlab.buttonRect(name) and buttonNames(), read-only like
//     padRect()
// Bytes reach the app through src/platform/web_files.cpp: digitlab_alloc, digitlab_add_file
// (one call per file, which hands the buffers over) and digitlab_files_done (one per batch).
(function () {
  'use strict';
  var kMnistFiles = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
                     't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

  // IDBFS: mounted and read before main(), which then finds /persist/model.dlm if one was kept.
  Module['preRun'] = [].concat(Module['preRun'] || []);
  Module['preRun'].push(function () {
    FS.mkdir('/persist');
    try {
      FS.mount(IDBFS, {}, '/persist');
    } catch (e) {
      console.warn('digitlab: no browser storage; trained models will not be kept', e);
      return;
    }
    addRunDependency('digitlab-persist');
    FS.syncfs(true, function (err) {
      if (err) console.warn('digitlab: the browser storage could not be read', err);
      removeRunDependency('digitlab-persist');
    });
  });

  // One write-back at a time: Emscripten complains (on the console's error channel) about
  // overlapping syncfs calls, so a request during a sync runs once that one is done.
  var syncing = false, syncAgain = false;
  function syncPersist() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    FS.syncfs(false, function (err) {
      if (err) console.warn('digitlab: could not write the browser storage', err);
      syncing = false;
      if (syncAgain) {
        syncAgain = false;
        syncPersist();
      }
    });
  }

  // A NUL-terminated UTF-8 copy of text in wasm memory (the app frees it).
  function cString(text) {
    var bytes = new TextEncoder().encode(text);
    var ptr = Module['_digitlab_alloc'](bytes.length + 1);
    HEAPU8.set(bytes, ptr);  // HEAPU8 read after the allocation, which may grow the memory
    HEAPU8[ptr + bytes.length] = 0;
    return ptr;
  }

  // files: [{name, bytes: Uint8Array}], handed to the app as one batch.
  function sendFiles(files, bundled) {
    files.forEach(function (file) {
      var ptr = Module['_digitlab_alloc'](Math.max(file.bytes.length, 1));
      HEAPU8.set(file.bytes, ptr);
      Module['_digitlab_add_file'](cString(file.name), ptr, file.bytes.length);
    });
    Module['_digitlab_files_done'](bundled ? 1 : 0);
  }

  function sendFailure(message, bundled) {
    Module['_digitlab_files_failed'](cString(message), bundled ? 1 : 0);
  }

  function readFiles(fileList) {
    var files = Array.prototype.slice.call(fileList || []);
    if (!files.length) return;
    Promise.all(files.map(function (f) {
      return f.arrayBuffer().then(function (b) { return { name: f.name, bytes: new Uint8Array(b) }; });
    })).then(function (read) { sendFiles(read, false); },
             function (err) { sendFailure('a file could not be read: ' + err, false); });
  }

  var input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.id = 'file-input';
  input.style.display = 'none';
  input.addEventListener('change', function () {
    readFiles(input.files);
    input.value = '';  // so choosing the same file again is a change too
  });
  document.body.appendChild(input);

  // Drops anywhere on the page, with a frame around it while files are dragged over.
  var dropHint = document.createElement('div');
  dropHint.textContent = 'Drop model (.dlm), IDX or CSV files';
  dropHint.style.cssText = 'position:fixed;inset:8px;border:3px dashed #ffa630;border-radius:12px;' +
      'display:none;align-items:center;justify-content:center;pointer-events:none;' +
      'color:#ffa630;font:20px system-ui,sans-serif;background:rgba(23,25,31,0.6)';
  document.body.appendChild(dropHint);
  function carriesFiles(e) {
    return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0;
  }
  window.addEventListener('dragover', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    dropHint.style.display = 'flex';
  });
  window.addEventListener('dragleave', function (e) {
    if (!e.relatedTarget) dropHint.style.display = 'none';  // left the window
  });
  window.addEventListener('drop', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dropHint.style.display = 'none';
    readFiles(e.dataTransfer.files);
  });

  // The four MNIST files in parallel; progress counts the bytes of all four.
  function fetchMnist() {
    var loaded = kMnistFiles.map(function () { return 0; });
    var totals = loaded.slice();
    function sum(a) { return a.reduce(function (s, v) { return s + v; }, 0); }
    function report() {
      var known = totals.every(function (t) { return t > 0; });
      Module['_digitlab_fetch_progress'](sum(loaded), known ? sum(totals) : 0);
    }
    Promise.all(kMnistFiles.map(function (name, i) {
      return fetch('mnist/' + name).then(function (response) {
        if (!response.ok) throw new Error('mnist/' + name + ': HTTP ' + response.status);
        totals[i] = Number(response.headers.get('Content-Length')) || 0;
        var reader = response.body.getReader(), chunks = [];
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) return chunks;
            chunks.push(r.value);
            loaded[i] += r.value.length;
            report();
            return pump();
          });
        }
        return pump();
      }).then(function (chunks) {
        var bytes = new Uint8Array(chunks.reduce(function (s, c) { return s + c.length; }, 0));
        var at = 0;
        chunks.forEach(function (c) { bytes.set(c, at); at += c.length; });
        return { name: name, bytes: bytes };
      });
    })).then(function (files) { sendFiles(files, true); },
             function (err) { sendFailure(String(err && err.message || err), true); });
  }

  // A bundled model's file (models.txt names it), fetched when the menu or ?model= chooses it.
  function fetchModel(name, file) {
    fetch('models/' + encodeURIComponent(file)).then(function (response) {
      if (!response.ok) throw new Error('models/' + file + ': HTTP ' + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var ptr = Module['_digitlab_alloc'](Math.max(bytes.length, 1));
      HEAPU8.set(bytes, ptr);
      Module['_digitlab_model_fetched'](cString(name), ptr, bytes.length);
    }).catch(function (err) {
      Module['_digitlab_model_fetch_failed'](cString(name), cString(String(err && err.message || err)));
    });
  }

  function download(name, bytes) {
    var url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  Module['digitlabFiles'] = {
    openPicker: function () { input.click(); },
    fetchMnist: fetchMnist,
    fetchModel: fetchModel,
    download: download,
    syncPersist: syncPersist
  };

  // The page's onAppReady runs once window.digitlab exists: add buttonRect to it first.
  // A button's rectangle in the page's CSS pixels (like padRect), or null when not on screen.
  var pageReady = Module['onAppReady'];
  Module['onAppReady'] = function () {
    if (window.digitlab) {
      window.digitlab.buttonRect = function (name) {
        var r = JSON.parse(UTF8ToString(Module['_digitlab_button_rects_json']()))[name];
        if (!r) return null;
        var canvas = Module['canvas'], box = canvas.getBoundingClientRect();
        var sx = box.width / canvas.width, sy = box.height / canvas.height;
        return { x: box.left + r[0] * sx, y: box.top + r[1] * sy,
                 width: r[2] * sx, height: r[3] * sy };
      };
      // The names of the items on screen now (e.g. every "tab:..." of the Inside section).
      window.digitlab.buttonNames = function () {
        return Object.keys(JSON.parse(UTF8ToString(Module['_digitlab_button_rects_json']())));
      };
    }
    if (pageReady) pageReady.apply(this, arguments);
  };
})();
