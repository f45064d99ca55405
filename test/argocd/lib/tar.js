'use strict';
// Reads the regular files of a (gzipped) ustar archive.
const zlib = require('node:zlib');

function readTar(buf) {
  const data = buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf;
  const files = [];
  let off = 0;
  while (off + 512 <= data.length) {
    const header = data.subarray(off, off + 512);
    if (header.every(b => b === 0)) break;
    const field = (start, len) =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = (field(345, 155) ? `${field(345, 155)}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    off += 512;
    if (type === '0')
      files.push({ name, data: data.subarray(off, off + size) });
    off += Math.ceil(size / 512) * 512;
  }
  return files;
}

module.exports = { readTar };
