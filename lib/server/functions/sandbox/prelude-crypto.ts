import 'server-only';

// In-sandbox part of the prelude (see prelude-core.ts): a minimal Node-style Buffer and the
// `crypto` global. Hashing, encodings and randomness are computed by the host's node:crypto and
// Buffer, so every output equals Node's byte for byte; only strings and ArrayBuffer copies cross.
export const PRELUDE_CRYPTO = String.raw`
function toAB(view) {
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
}

function received(v) {
  if (v === null || v === undefined) return ' Received ' + v;
  if (typeof v === 'function') return ' Received function ' + (v.name || '');
  if (typeof v === 'object') {
    var c = v.constructor;
    return c && c.name ? ' Received an instance of ' + c.name : ' Received ' + inspect(v, false);
  }
  var shown = inspect(v, false);
  if (shown.length > 28) shown = shown.slice(0, 25) + '...';
  return ' Received type ' + typeof v + ' (' + shown + ')';
}

function hostCall(fn, a, b) {
  try {
    return fn(a, b);
  } catch (e) {
    rethrowHost(e);
  }
}

function encodeText(str, encoding) {
  return wireSafe(str) ? hostCall(H.encode, str, encoding) : hostCall(H.encode, utf16Bytes(str), 'u16:' + encoding);
}

class Buffer extends U8 {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') return new Buffer(encodeText(value, encodingOrOffset === undefined ? 'utf8' : S(encodingOrOffset)));
    if (value instanceof AB) {
      var offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
      return new Buffer(value, offset, length === undefined ? value.byteLength - offset : length);
    }
    if (isView(value)) {
      var copy = new Buffer(value.byteLength);
      copy.set(new U8(value.buffer, value.byteOffset, value.byteLength));
      return copy;
    }
    if (value !== null && typeof value === 'object') {
      var source = value.type === 'Buffer' && isArray(value.data) ? value.data : value;
      if (typeof source.length === 'number') {
        var out = new Buffer(source.length);
        for (var i = 0; i < source.length; i++) out[i] = source[i];
        return out;
      }
    }
    throw new TypeErrorCtor(
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.' +
        received(value),
    );
  }
  static alloc(size, fill, encoding) {
    var b = new Buffer(size);
    if (typeof fill === 'number') b.fill(fill);
    else if (fill !== undefined) {
      var f = Buffer.from(fill, encoding);
      if (f.length > 0) for (var i = 0; i < b.length; i++) b[i] = f[i % f.length];
    }
    return b;
  }
  static isBuffer(b) {
    return b instanceof Buffer;
  }
  static isEncoding(e) {
    return typeof e === 'string' && hostCall(H.isEncoding, e);
  }
  static byteLength(v, encoding) {
    if (typeof v === 'string') return encodeText(v, encoding === undefined ? 'utf8' : S(encoding)).byteLength;
    if (isView(v) || v instanceof AB) return v.byteLength;
    throw new TypeErrorCtor('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer.' + received(v));
  }
  static concat(list, totalLength) {
    var total = 0;
    var i;
    for (i = 0; i < list.length; i++) total += list[i].length;
    if (totalLength !== undefined) total = totalLength;
    var out = new Buffer(total);
    var pos = 0;
    for (i = 0; i < list.length && pos < total; i++) {
      var part = list[i];
      var n = Math.min(part.length, total - pos);
      out.set(n === part.length ? part : part.subarray(0, n), pos);
      pos += n;
    }
    return out;
  }
  toString(encoding, start, end) {
    var view = this.subarray(start === undefined ? 0 : start, end === undefined ? this.length : end);
    return hostText(hostCall(H.decode, toAB(view), encoding === undefined ? 'utf8' : S(encoding)));
  }
  toJSON() {
    var data = [];
    for (var i = 0; i < this.length; i++) data.push(this[i]);
    return { type: 'Buffer', data: data };
  }
  equals(other) {
    if (!isView(other)) throw new TypeErrorCtor('The "otherBuffer" argument must be an instance of Buffer or Uint8Array.' + received(other));
    if (other.byteLength !== this.byteLength) return false;
    var o = new U8(other.buffer, other.byteOffset, other.byteLength);
    for (var i = 0; i < this.length; i++) if (this[i] !== o[i]) return false;
    return true;
  }
  // Node's Buffer#slice is a view, unlike Uint8Array#slice.
  slice(start, end) {
    return this.subarray(start, end);
  }
}
def('Buffer', Buffer);

// Algorithm names are checked on the host once (OpenSSL accepts more spellings than getHashes
// lists) and remembered here, so the hot path does not cross the boundary for it.
var knownAlgorithms = { hash: create(null), hmac: create(null) };
var knownCount = 0;
function checkAlgorithm(kind, alg) {
  var argName = kind === 'hmac' ? 'hmac' : 'algorithm';
  if (typeof alg !== 'string') throw new TypeErrorCtor('The "' + argName + '" argument must be of type string.' + received(alg));
  var known = knownAlgorithms[kind];
  if (known[alg] === true) return;
  if (!wireSafe(alg) || !H.algorithm(kind, alg)) {
    if (kind === 'hmac') throw new TypeErrorCtor('Invalid digest: ' + alg);
    throw new ErrorCtor('Digest method not supported');
  }
  if (knownCount < 64) {
    known[alg] = true;
    knownCount++;
  }
}

function keyArg(key) {
  if (typeof key === 'string') return key;
  if (isView(key)) return toAB(key);
  if (key instanceof AB) return key.slice(0);
  throw new TypeErrorCtor(
    'The "key" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey.' +
      received(key),
  );
}

// What a Hash needs to know about its algorithm and key, built once per (algorithm, key string)
// and shared: createHmac with a key it has seen is then two lookups and one small object. A string
// key is handed to the host once and named by number afterwards (id), so each digest crosses with
// one string (the text) and Node keeps a KeyObject. Bounded: past 256 pairs, specs are not cached.
var specCache = { hash: create(null), hmac: create(null) };
var specCount = 0;
function cachedSpec(kind, alg, key) {
  var byAlg = specCache[kind][alg];
  return byAlg === undefined ? undefined : byAlg[key];
}
function remember(kind, alg, key, spec) {
  if (specCount >= 256) return spec;
  var table = specCache[kind];
  var byAlg = table[alg];
  if (byAlg === undefined) byAlg = table[alg] = create(null);
  byAlg[key] = spec;
  specCount++;
  return spec;
}
function hostKeyId(alg, key) {
  try {
    return H.hmacKey(alg, key);
  } catch (e) {
    return -1;
  }
}
function hashSpec(alg) {
  if (typeof alg === 'string') {
    var cached = cachedSpec('hash', alg, '');
    if (cached !== undefined) return cached;
  }
  checkAlgorithm('hash', alg);
  return remember('hash', alg, '', { kind: 'hash', alg: alg, key: null, id: -1 });
}
function hmacSpec(alg, key) {
  if (typeof alg === 'string' && typeof key === 'string' && key.length <= 4096) {
    var cached = cachedSpec('hmac', alg, key);
    if (cached !== undefined) return cached;
  }
  checkAlgorithm('hmac', alg);
  var k = keyArg(key);
  if (typeof k !== 'string') return { kind: 'hmac-bytes', alg: alg, key: k, id: -1 };
  if (!wireSafe(k)) return { kind: 'hmac-u16', alg: alg, key: utf16Bytes(k), id: -1 };
  if (k.length > 4096) return { kind: 'hmac', alg: alg, key: k, id: -1 };
  return remember('hmac', alg, k, { kind: 'hmac', alg: alg, key: k, id: hostKeyId(alg, k) });
}

// Plain properties rather than #private fields: QuickJS runs this class several times faster so.
// The first update is kept in _d/_e (the usual single update needs no array); later ones in _parts.
class Hash {
  constructor(spec) {
    this._s = spec;
    this._d = null;
    this._e = '';
    this._parts = null;
    this._done = false;
  }
  update(data, inputEncoding) {
    if (this._done) throw new ErrorCtor('Digest already called');
    var enc = inputEncoding === undefined ? 'utf8' : S(inputEncoding);
    var d;
    var e;
    if (typeof data === 'string') {
      if (wireSafe(data)) {
        d = data;
        e = enc;
      } else {
        d = utf16Bytes(data);
        e = 'u16:' + enc;
      }
    } else if (isView(data)) {
      d = toAB(data);
      e = '';
    } else {
      throw new TypeErrorCtor(
        'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.' + received(data),
      );
    }
    if (this._parts !== null) this._parts.push(d, e);
    else if (this._d === null) {
      this._d = d;
      this._e = e;
    } else this._parts = [this._d, this._e, d, e];
    return this;
  }
  digest(encoding) {
    if (this._done) throw new ErrorCtor('Digest already called');
    this._done = true;
    var enc = typeof encoding === 'string' ? encoding : '';
    var out = enc === 'hex' || enc === 'base64' || enc === '' || wireSafe(enc) ? enc : 'buffer';
    var spec = this._s;
    var r;
    try {
      if (this._parts === null && this._e === 'utf8' && typeof this._d === 'string') {
        // One UTF-8 text, the usual case: one crossing with one string.
        if (spec.id >= 0) r = H.hmac(spec.id, this._d, out);
        else if (spec.kind === 'hash') r = H.hash(spec.alg, this._d, out);
      }
      if (r === undefined) {
        // One "kind:algorithm:encoding" string instead of three: each string argument is a copy.
        var head = spec.kind + ':' + spec.alg + ':' + out;
        var p = this._parts !== null ? this._parts : this._d === null ? [] : [this._d, this._e];
        r = reflectApply(H.digest, null, [head, spec.key].concat(p));
      }
    } catch (e) {
      rethrowHost(e);
    }
    if (typeof r === 'string') return r;
    // Bytes for a named encoding: Node did not know the encoding (it answers a Buffer then), or
    // the text holds characters a C string cannot carry and is decoded here.
    if (enc !== '' && wireSafe(enc) && H.isEncoding(enc)) return hostText(hostCall(H.decode, r, enc));
    return new Buffer(r);
  }
}

function viewArg(v, name) {
  if (isView(v)) return toAB(v);
  if (v instanceof AB) return v.slice(0);
  throw new TypeErrorCtor('The "' + name + '" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.' + received(v));
}

var hashList = parse(hashes);
def('crypto', {
  createHash: function (algorithm) {
    return new Hash(hashSpec(algorithm));
  },
  createHmac: function (algorithm, key) {
    return new Hash(hmacSpec(algorithm, key));
  },
  randomUUID: function () {
    return H.uuid();
  },
  randomBytes: function (size, callback) {
    if (typeof size !== 'number' || !(size >= 0 && size <= 65536) || size !== Math.floor(size)) {
      throw new RangeErrorCtor('The value of "size" is out of range. It must be an integer from 0 to 65536 in the sandbox.');
    }
    var b = new Buffer(H.random(size));
    if (typeof callback === 'function') {
      PromiseResolve().then(function () {
        callback(null, b);
      });
      return undefined;
    }
    return b;
  },
  getRandomValues: function (array) {
    if (!isView(array) || array instanceof DataView || array instanceof Float32Array || array instanceof Float64Array) {
      throw new TypeErrorCtor('The data argument must be an integer-type TypedArray');
    }
    if (array.byteLength > 65536) {
      var quota = new ErrorCtor('The ArrayBufferView byte length (' + array.byteLength + ') exceeds the number of bytes of entropy available (65536)');
      quota.name = 'QuotaExceededError';
      throw quota;
    }
    new U8(array.buffer, array.byteOffset, array.byteLength).set(new U8(H.random(array.byteLength)));
    return array;
  },
  timingSafeEqual: function (a, b) {
    var x = viewArg(a, 'buf1');
    var y = viewArg(b, 'buf2');
    if (x.byteLength !== y.byteLength) throw new RangeErrorCtor('Input buffers must have the same byte length');
    return H.timingSafeEqual(x, y);
  },
  getHashes: function () {
    return hashList.slice();
  },
});
`;
