import 'server-only';

// In-sandbox part of the prelude (see prelude-core.ts): Headers, Response, fetch and the timers.
// `H.fetch` and `H.sleep` return promises the host settles; the host performs the request through
// the SSRF guard and enforces the per-call fetch count and deadline.
export const PRELUDE_FETCH = String.raw`
var headerState = new WeakMap();
var TOKEN = /^[!#$%&'*+\-.^_\x60|~0-9A-Za-z]+$/;
function headerName(n) {
  var s = S(n);
  if (!TOKEN.test(s)) throw new TypeErrorCtor('Header name must be a valid HTTP token ["' + s + '"]');
  return s.toLowerCase();
}
function headerValue(v) {
  var s = S(v).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  if (/[\0\r\n]/.test(s)) throw new TypeErrorCtor('Invalid character in header content');
  return s;
}

class Headers {
  constructor(init) {
    var list = [];
    headerState.set(this, list);
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      var other = headerState.get(init);
      for (var i = 0; i < other.length; i++) list.push([other[i][0], other[i][1]]);
    } else if (typeof init[Symbol.iterator] === 'function') {
      for (var pair of init) {
        var p = [];
        for (var x of pair) p.push(x);
        if (p.length !== 2) throw new TypeErrorCtor('Header pairs must contain exactly two items');
        list.push([headerName(p[0]), headerValue(p[1])]);
      }
    } else if (typeof init === 'object') {
      var keys = objectKeys(init);
      for (var k = 0; k < keys.length; k++) {
        if (init[keys[k]] !== undefined) list.push([headerName(keys[k]), headerValue(init[keys[k]])]);
      }
    } else throw new TypeErrorCtor('Headers must be an object, an array of pairs or a Headers instance');
  }
  append(name, value) {
    headerState.get(this).push([headerName(name), headerValue(value)]);
  }
  set(name, value) {
    var n = headerName(name);
    var list = headerState.get(this).filter(function (e) {
      return e[0] !== n;
    });
    list.push([n, headerValue(value)]);
    headerState.set(this, list);
  }
  delete(name) {
    var n = headerName(name);
    headerState.set(
      this,
      headerState.get(this).filter(function (e) {
        return e[0] !== n;
      }),
    );
  }
  get(name) {
    var n = headerName(name);
    var values = [];
    var list = headerState.get(this);
    for (var i = 0; i < list.length; i++) if (list[i][0] === n) values.push(list[i][1]);
    return values.length ? values.join(', ') : null;
  }
  getSetCookie() {
    return headerState
      .get(this)
      .filter(function (e) {
        return e[0] === 'set-cookie';
      })
      .map(function (e) {
        return e[1];
      });
  }
  has(name) {
    return this.get(name) !== null;
  }
  entries() {
    var names = [];
    var list = headerState.get(this);
    for (var i = 0; i < list.length; i++) if (names.indexOf(list[i][0]) === -1) names.push(list[i][0]);
    names.sort();
    var self = this;
    return names
      .map(function (n) {
        return [n, self.get(n)];
      })
      [Symbol.iterator]();
  }
  keys() {
    var out = [];
    for (var e of this.entries()) out.push(e[0]);
    return out[Symbol.iterator]();
  }
  values() {
    var out = [];
    for (var e of this.entries()) out.push(e[1]);
    return out[Symbol.iterator]();
  }
  forEach(callback, thisArg) {
    for (var e of this.entries()) callback.call(thisArg, e[1], e[0], this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}
def('Headers', Headers);

var responseState = new WeakMap();
function bodyText(body) {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (isView(body) || body instanceof AB) return Buffer.from(isView(body) ? toAB(body) : body).toString('utf8');
  if (body instanceof URLSearchParams) return body.toString();
  return S(body);
}
class Response {
  constructor(body, init) {
    var o = init || {};
    var status = o.status === undefined ? 200 : Number(o.status);
    if (!(status >= 200 && status <= 599) || status !== Math.floor(status)) {
      throw new RangeErrorCtor('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    responseState.set(this, {
      body: bodyText(body),
      status: status,
      statusText: o.statusText === undefined ? '' : S(o.statusText),
      headers: new Headers(o.headers),
      url: '',
      used: false,
    });
  }
  get ok() {
    var s = responseState.get(this).status;
    return s >= 200 && s <= 299;
  }
  get status() {
    return responseState.get(this).status;
  }
  get statusText() {
    return responseState.get(this).statusText;
  }
  get headers() {
    return responseState.get(this).headers;
  }
  get url() {
    return responseState.get(this).url;
  }
  get redirected() {
    return false;
  }
  get type() {
    return 'basic';
  }
  get bodyUsed() {
    return responseState.get(this).used;
  }
  text() {
    var st = responseState.get(this);
    if (st.used) return PromiseReject(new TypeErrorCtor('Body is unusable: Body has already been read'));
    st.used = true;
    return PromiseResolve(st.body);
  }
  json() {
    return promiseThen.call(this.text(), function (t) {
      return parse(t);
    });
  }
  arrayBuffer() {
    return promiseThen.call(this.text(), function (t) {
      return Buffer.from(t).buffer;
    });
  }
  clone() {
    var st = responseState.get(this);
    if (st.used) throw new TypeErrorCtor('Response.clone: Body has already been consumed.');
    var copy = create(Response.prototype);
    responseState.set(copy, {
      body: st.body,
      status: st.status,
      statusText: st.statusText,
      headers: new Headers(st.headers),
      url: st.url,
      used: false,
    });
    return copy;
  }
}
def('Response', Response);

function headerPairs(headers) {
  return headerState.get(headers).map(function (e) {
    return [e[0], e[1]];
  });
}

function fromHost(raw) {
  var r = parse(raw);
  var res = create(Response.prototype);
  responseState.set(res, {
    body: r.body,
    status: r.status,
    statusText: r.statusText,
    headers: new Headers(r.headers),
    url: r.url,
    used: false,
  });
  return res;
}
function fetchFailed(e) {
  throw new TypeErrorCtor(e && e.message ? S(e.message) : 'fetch failed');
}

def('fetch', function fetch(input, init) {
  try {
    var url;
    if (input instanceof URL) url = input.href;
    else if (input !== null && typeof input === 'object' && typeof input.url === 'string') url = input.url;
    else url = S(input);
    url = urlText(url);
    var o = init === undefined || init === null ? {} : init;
    var method = o.method === undefined ? 'GET' : S(o.method).toUpperCase();
    var headers = new Headers(o.headers);
    var payload;
    var body = o.body;
    if (body !== undefined && body !== null) {
      if (method === 'GET' || method === 'HEAD') throw new TypeErrorCtor('Request with GET/HEAD method cannot have body.');
      if (body instanceof URLSearchParams) {
        payload = body.toString();
        if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      } else if (isView(body)) payload = toAB(body);
      else if (body instanceof AB) payload = body.slice(0);
      else {
        payload = S(body);
        if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
        if (!wireSafe(payload)) payload = utf8Encode(payload).buffer;
      }
    }
    return promiseThen.call(H.fetch(url, method, stringify(headerPairs(headers)), payload), fromHost, fetchFailed);
  } catch (e) {
    return PromiseReject(e);
  }
});

// Timers run on the host's clock but never outlive the call: a call ends when its handler settles
// (pending timers are then dropped) or at the deadline.
var timers = create(null);
var timerSeq = 0;
def('setTimeout', function setTimeout(callback, delay) {
  if (typeof callback !== 'function') throw new TypeErrorCtor('The "callback" argument must be of type function.' + received(callback));
  var args = [];
  for (var i = 2; i < arguments.length; i++) args.push(arguments[i]);
  var id = ++timerSeq;
  timers[id] = true;
  var ms = Number(delay);
  promiseThen.call(H.sleep(ms > 0 ? ms : 0), function () {
    if (!timers[id]) return;
    delete timers[id];
    try {
      reflectApply(callback, undefined, args);
    } catch (e) {
      reportUncaught(e, 'a setTimeout callback');
    }
  });
  return id;
});
def('clearTimeout', function clearTimeout(id) {
  delete timers[id];
});
def('queueMicrotask', function queueMicrotask(callback) {
  if (typeof callback !== 'function') throw new TypeErrorCtor('The "callback" argument must be of type function.' + received(callback));
  promiseThen.call(PromiseResolve(), function () {
    try {
      callback();
    } catch (e) {
      reportUncaught(e, 'a queueMicrotask callback');
    }
  });
});
`;
