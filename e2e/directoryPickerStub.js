// Loaded into the page before the app: a `showDirectoryPicker` that answers
// with an in-memory folder built from `window.__e2eTemplateFiles`
// ({ "path/in/folder": "content" }), since the native dialog cannot be
// driven headless.
(() => {
  const root = {};
  for (const [path, content] of Object.entries(
    window.__e2eTemplateFiles || {},
  )) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = dir[part] = dir[part] || {};
    dir[parts[parts.length - 1]] = content;
  }
  const granted = async () => 'granted';
  const fileHandle = (dir, name) => ({
    kind: 'file',
    name,
    getFile: async () => new File([dir[name]], name),
    createWritable: async () => {
      let data = '';
      return {
        write: async chunk => {
          data += chunk;
        },
        close: async () => {
          dir[name] = data;
        },
      };
    },
    queryPermission: granted,
    requestPermission: granted,
  });
  const dirHandle = (dir, name) => ({
    kind: 'directory',
    name,
    async *values() {
      for (const [child, value] of Object.entries(dir)) {
        yield typeof value === 'string'
          ? fileHandle(dir, child)
          : dirHandle(value, child);
      }
    },
    getDirectoryHandle: async (child, opts) => {
      if (!dir[child] && opts && opts.create) dir[child] = {};
      return dirHandle(dir[child], child);
    },
    getFileHandle: async (child, opts) => {
      if (dir[child] === undefined && opts && opts.create) dir[child] = '';
      return fileHandle(dir, child);
    },
    queryPermission: granted,
    requestPermission: granted,
  });
  window.showDirectoryPicker = async () => dirHandle(root, 'template');
})();

// The template editor keeps the opened folder in IndexedDB, which cannot
// store these in-memory handles: keep them in the page and store a marker.
(() => {
  const KEY = 'scalfolder-template-editor-directory';
  const MARKER = { e2eTemplateDirectory: true };
  let kept;
  const { put, get } = IDBObjectStore.prototype;
  IDBObjectStore.prototype.put = function (value, key) {
    if (key === KEY && value) {
      kept = value;
      return put.call(this, MARKER, key);
    }
    return put.call(this, value, key);
  };
  IDBObjectStore.prototype.get = function (key) {
    const request = get.call(this, key);
    if (key === KEY) {
      const real = Object.getOwnPropertyDescriptor(
        IDBRequest.prototype,
        'result',
      ).get;
      Object.defineProperty(request, 'result', {
        get() {
          const value = real.call(this);
          return value && value.e2eTemplateDirectory ? kept : value;
        },
      });
    }
    return request;
  };
})();
