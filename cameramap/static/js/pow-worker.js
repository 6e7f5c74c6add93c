/* cameramap proof-of-work solver (ALTCHA v1 protocol): find n with sha256(salt + n) == challenge.
   Runs in a Web Worker so the page stays responsive; plain JavaScript SHA-256, so it also works
   where crypto.subtle is unavailable (plain http). */
"use strict";

var K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
];
var W = new Uint32Array(64);
var H = new Int32Array(8);
var INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function hex8(v) { return ("00000000" + (v >>> 0).toString(16)).slice(-8); }

/* SHA-256 of bytes[0..len) into H; `words` is scratch space large enough for the padded message. */
function digest(bytes, len, words) {
  var blocks = (len + 9 + 63) >> 6, i, t;
  words.fill(0, 0, blocks * 16);
  for (i = 0; i < len; i++) { words[i >> 2] |= bytes[i] << (24 - (i & 3) * 8); }
  words[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
  words[blocks * 16 - 1] = len * 8;
  for (i = 0; i < 8; i++) { H[i] = INIT[i]; }
  for (var b = 0; b < blocks; b++) {
    for (t = 0; t < 16; t++) { W[t] = words[b * 16 + t]; }
    for (t = 16; t < 64; t++) {
      var x = W[t - 15], y = W[t - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    var a = H[0], c1 = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], k = H[7];
    for (t = 0; t < 64; t++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var t2 = (S0 + ((a & c1) ^ (a & c) ^ (c1 & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = c1; c1 = a; a = (t1 + t2) | 0;
    }
    H[0] += a; H[1] += c1; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += k;
  }
}

function sha256Hex(bytes) {
  digest(bytes, bytes.length, new Uint32Array(((bytes.length + 9 + 63) >> 6) * 16));
  return Array.prototype.map.call(H, hex8).join("");
}

function solve(challenge) {
  var prefix = new TextEncoder().encode(challenge.salt);
  var bytes = new Uint8Array(prefix.length + 20);
  bytes.set(prefix);
  var words = new Uint32Array(((bytes.length + 9 + 63) >> 6) * 16);
  var target = new Int32Array(8), i;
  for (i = 0; i < 8; i++) { target[i] = parseInt(challenge.challenge.substr(i * 8, 8), 16) | 0; }
  for (var n = 0; n <= challenge.maxNumber; n++) {
    var digits = String(n), len = prefix.length + digits.length;
    for (i = 0; i < digits.length; i++) { bytes[prefix.length + i] = digits.charCodeAt(i); }
    digest(bytes, len, words);
    if (H[0] === target[0] && H[1] === target[1] && H[2] === target[2] && H[3] === target[3] &&
        H[4] === target[4] && H[5] === target[5] && H[6] === target[6] && H[7] === target[7]) { return n; }
  }
  return -1;
}

if (typeof self !== "undefined" && typeof self.postMessage === "function" && typeof module === "undefined") {
  self.onmessage = function (event) {
    var started = Date.now();
    var number = solve(event.data);
    self.postMessage({ number: number, took: Date.now() - started });
  };
}
if (typeof module !== "undefined") { module.exports = { sha256Hex: sha256Hex, solve: solve }; }
