import 'server-only';

// In-sandbox part of the prelude (see prelude-core.ts): the Web globals Segment's runtime offers.
// URL parsing, base64 and text decoding are delegated to the host's WHATWG implementations so the
// edge cases match Node exactly; URLSearchParams, Headers and Response are plain JavaScript here.
export const PRELUDE_WEB = String.raw`
function host(fn, args) {
  try {
    return reflectApply(fn, null, args);
  } catch (e) {
    rethrowHost(e);
  }
}

function reportUncaught(e, where) {
  if (limitKind(e)) throw e;
  emitLog('error', 'Uncaught exception in ' + where + ': ' + inspect(e, true));
}

// btoa/atob as the HTML standard defines them (forgiving base64), in JavaScript: their text may
// hold NUL, which a C string cannot carry to the host.
var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function invalidCharacter(message) {
  var e = new ErrorCtor(message);
  e.name = 'InvalidCharacterError';
  return e;
}
def('btoa', function btoa(data) {
  if (arguments.length === 0) throw new TypeErrorCtor('The "data" argument must be specified');
  var s = S(data);
  var out = '';
  for (var i = 0; i < s.length; i += 3) {
    var a = s.charCodeAt(i);
    var b = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    var c = i + 2 < s.length ? s.charCodeAt(i + 2) : 0;
    if (a > 255 || b > 255 || c > 255) throw invalidCharacter('Invalid character');
    var n = (a << 16) | (b << 8) | c;
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63);
    out += i + 1 < s.length ? B64.charAt((n >> 6) & 63) : '=';
    out += i + 2 < s.length ? B64.charAt(n & 63) : '=';
  }
  return out;
});
def('atob', function atob(data) {
  if (arguments.length === 0) throw new TypeErrorCtor('The "data" argument must be specified');
  var s = S(data).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalidCharacter('The string to be decoded is not correctly encoded.');
  var out = '';
  var bits = 0;
  var acc = 0;
  for (var i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += S.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
});

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }
  encode(input) {
    return utf8Encode(input === undefined ? '' : input);
  }
  encodeInto(source, destination) {
    var s = S(source);
    var read = 0;
    var written = 0;
    for (var i = 0; i < s.length; ) {
      var cp = s.codePointAt(i);
      var units = cp > 0xffff ? 2 : 1;
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      var n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (written + n > destination.length) break;
      var bytes = utf8Encode(S.fromCodePoint(cp));
      for (var j = 0; j < n; j++) destination[written + j] = bytes[j];
      written += n;
      read += units;
      i += units;
    }
    return { read: read, written: written };
  }
}
def('TextEncoder', TextEncoder);

class TextDecoder {
  constructor(label, options) {
    var o = options || {};
    this._fatal = !!o.fatal;
    this._ignoreBOM = !!o.ignoreBOM;
    var l = label === undefined ? 'utf-8' : S(label);
    if (!wireSafe(l)) throw new RangeErrorCtor('The "' + l + '" encoding is not supported');
    this._encoding = host(H.textDecoderLabel, [l, this._fatal ? 1 : 0, this._ignoreBOM ? 1 : 0]);
  }
  get encoding() {
    return this._encoding;
  }
  get fatal() {
    return this._fatal;
  }
  get ignoreBOM() {
    return this._ignoreBOM;
  }
  decode(input) {
    if (input === undefined) return '';
    var bytes;
    if (isView(input)) bytes = toAB(input);
    else if (input instanceof AB) bytes = input.slice(0);
    else throw new TypeErrorCtor('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.' + received(input));
    return hostText(host(H.textDecode, [this._encoding, this._fatal ? 1 : 0, this._ignoreBOM ? 1 : 0, bytes]));
  }
}
def('TextDecoder', TextDecoder);

// ---- URLSearchParams (application/x-www-form-urlencoded, as the WHATWG URL standard defines it)
var paramsState = new WeakMap();
// Names and values are USVStrings: lone surrogates become U+FFFD on the way in, as in browsers.
function usv(v) {
  return S(v).toWellFormed();
}
function formEncode(s) {
  return encodeURIComponent(S(s).toWellFormed()).replace(/[!'()~]|%20/g, function (m) {
    return m === '%20' ? '+' : '%' + m.charCodeAt(0).toString(16).toUpperCase();
  });
}
function formDecode(s) {
  var t = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(t);
  } catch (e) {
    // Malformed escapes stay as they are and invalid UTF-8 becomes U+FFFD, as browsers do.
    var bytes = [];
    for (var i = 0; i < t.length; i++) {
      var hex = t.charAt(i) === '%' ? t.slice(i + 1, i + 3) : '';
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        var chunk = Buffer.from(t.charAt(i));
        for (var j = 0; j < chunk.length; j++) bytes.push(chunk[j]);
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
}
function parseQuery(q, list) {
  var s = q.charAt(0) === '?' ? q.slice(1) : q;
  if (s === '') return;
  var pairs = s.split('&');
  for (var i = 0; i < pairs.length; i++) {
    if (pairs[i] === '') continue;
    var eq = pairs[i].indexOf('=');
    var k = eq === -1 ? pairs[i] : pairs[i].slice(0, eq);
    var v = eq === -1 ? '' : pairs[i].slice(eq + 1);
    list.push([formDecode(k), formDecode(v)]);
  }
}
function serializeQuery(list) {
  var out = [];
  for (var i = 0; i < list.length; i++) out.push(formEncode(list[i][0]) + '=' + formEncode(list[i][1]));
  return out.join('&');
}
function paramsChanged(st) {
  if (st.url) setUrlState(st.url, host(H.urlSet, [urlState.get(st.url).href, 'search', serializeQuery(st.list)]), false);
}

class URLSearchParams {
  constructor(init) {
    var list = [];
    paramsState.set(this, { list: list, url: null });
    if (init === undefined || init === null) return;
    if (init instanceof URLSearchParams) {
      var other = paramsState.get(init).list;
      for (var i = 0; i < other.length; i++) list.push([other[i][0], other[i][1]]);
    } else if (typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (var pair of init) {
          var p = [];
          for (var x of pair) p.push(usv(x));
          if (p.length !== 2) throw new TypeErrorCtor('Each query pair must be an iterable [name, value] tuple');
          list.push(p);
        }
      } else {
        var keys = objectKeys(init);
        for (var k = 0; k < keys.length; k++) list.push([usv(keys[k]), usv(init[keys[k]])]);
      }
    } else parseQuery(S(init), list);
  }
  get size() {
    return paramsState.get(this).list.length;
  }
  append(name, value) {
    var st = paramsState.get(this);
    st.list.push([usv(name), usv(value)]);
    paramsChanged(st);
  }
  delete(name, value) {
    var st = paramsState.get(this);
    var n = usv(name);
    var v = value === undefined ? undefined : usv(value);
    st.list = st.list.filter(function (e) {
      return !(e[0] === n && (v === undefined || e[1] === v));
    });
    paramsChanged(st);
  }
  get(name) {
    var n = usv(name);
    var list = paramsState.get(this).list;
    for (var i = 0; i < list.length; i++) if (list[i][0] === n) return list[i][1];
    return null;
  }
  getAll(name) {
    var n = usv(name);
    return paramsState
      .get(this)
      .list.filter(function (e) {
        return e[0] === n;
      })
      .map(function (e) {
        return e[1];
      });
  }
  has(name, value) {
    var n = usv(name);
    var v = value === undefined ? undefined : usv(value);
    return paramsState.get(this).list.some(function (e) {
      return e[0] === n && (v === undefined || e[1] === v);
    });
  }
  set(name, value) {
    var st = paramsState.get(this);
    var n = usv(name);
    var i = st.list.findIndex(function (e) {
      return e[0] === n;
    });
    if (i === -1) st.list.push([n, usv(value)]);
    else {
      st.list[i] = [n, usv(value)];
      st.list = st.list.filter(function (e, j) {
        return j <= i || e[0] !== n;
      });
    }
    paramsChanged(st);
  }
  sort() {
    var st = paramsState.get(this);
    st.list = st.list
      .map(function (e, i) {
        return [e, i];
      })
      .sort(function (a, b) {
        return a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1];
      })
      .map(function (x) {
        return x[0];
      });
    paramsChanged(st);
  }
  forEach(callback, thisArg) {
    var list = paramsState.get(this).list.slice();
    for (var i = 0; i < list.length; i++) callback.call(thisArg, list[i][1], list[i][0], this);
  }
  entries() {
    return paramsState
      .get(this)
      .list.map(function (e) {
        return [e[0], e[1]];
      })
      [Symbol.iterator]();
  }
  keys() {
    return paramsState
      .get(this)
      .list.map(function (e) {
        return e[0];
      })
      [Symbol.iterator]();
  }
  values() {
    return paramsState
      .get(this)
      .list.map(function (e) {
        return e[1];
      })
      [Symbol.iterator]();
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  toString() {
    return serializeQuery(paramsState.get(this).list);
  }
}
def('URLSearchParams', URLSearchParams);

// ---- URL: parsed and re-serialised by the host's WHATWG parser; the state is a plain copy.
var urlState = new WeakMap();
// The parser strips leading and trailing C0 controls and percent-encodes NUL elsewhere (or
// rejects it in a host), so doing that here first keeps NUL off the C-string boundary.
function urlText(v) {
  var s = S(v);
  if (wireSafe(s)) return s;
  return s
    .toWellFormed()
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
    .replace(/\0/g, '%00');
}
function parseUrlText(url, base) {
  return base === undefined ? host(H.urlParse, [urlText(url)]) : host(H.urlParseBase, [urlText(url), urlText(base)]);
}
var urlParams = new WeakMap();
function setUrlState(url, json, refreshParams) {
  urlState.set(url, parse(json));
  var sp = urlParams.get(url);
  if (refreshParams && sp) {
    var st = paramsState.get(sp);
    st.list = [];
    parseQuery(urlState.get(url).search, st.list);
  }
}
class URL {
  constructor(url, base) {
    if (arguments.length === 0) throw new TypeErrorCtor('The "url" argument must be specified');
    setUrlState(this, parseUrlText(url, base), false);
  }
  static canParse(url, base) {
    try {
      parseUrlText(url, base);
      return true;
    } catch (e) {
      return false;
    }
  }
  get href() {
    return urlState.get(this).href;
  }
  set href(value) {
    setUrlState(this, parseUrlText(value, undefined), true);
  }
  get origin() {
    return urlState.get(this).origin;
  }
  get searchParams() {
    var sp = urlParams.get(this);
    if (!sp) {
      sp = new URLSearchParams(urlState.get(this).search);
      paramsState.get(sp).url = this;
      urlParams.set(this, sp);
    }
    return sp;
  }
  toString() {
    return urlState.get(this).href;
  }
  toJSON() {
    return urlState.get(this).href;
  }
}
['protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'].forEach(function (part) {
  defineProperty(URL.prototype, part, {
    configurable: true,
    enumerable: true,
    get: function () {
      return urlState.get(this)[part];
    },
    set: function (value) {
      setUrlState(this, host(H.urlSet, [urlState.get(this).href, part, urlText(value)]), part === 'search');
    },
  });
});
def('URL', URL);
`;
