import 'server-only';
import { FUNCTION_HANDLERS } from '@/lib/functions/types';

// JavaScript that runs INSIDE the QuickJS sandbox (a string, never evaluated on the host).
// The prelude is one function expression `(function (H, hashes) { ... })` assembled from the
// parts in prelude-*.ts; they share its scope. `H` holds the host functions: it is only reachable
// through these closures, never from globalThis, so user code can only use the wrappers below.
// Every reference the dispatcher relies on is captured here first, so user code that replaces
// JSON, Promise or the error classes on globalThis cannot change how results are reported.
//
// Written without template literals so it can sit in a String.raw literal.
export const PRELUDE_CORE = String.raw`
'use strict';
var G = globalThis;
var defineProperty = Object.defineProperty;
var create = Object.create;
var objectKeys = Object.keys;
var parse = JSON.parse;
var stringify = JSON.stringify;
var P = Promise;
var PromiseResolve = Promise.resolve.bind(Promise);
var PromiseReject = Promise.reject.bind(Promise);
var promiseThen = Promise.prototype.then;
var reflectApply = Reflect.apply;
var S = String;
var isArray = Array.isArray;
var isView = ArrayBuffer.isView;
var U8 = Uint8Array;
var AB = ArrayBuffer;
var ErrorCtor = Error;
var TypeErrorCtor = TypeError;
var RangeErrorCtor = RangeError;
var InternalErrorCtor = typeof InternalError === 'function' ? InternalError : null;

function def(name, value) {
  defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: false });
}

// ---- wire helpers. Strings reach the host as C strings, which cannot carry NUL or lone
// surrogates; such text crosses as UTF-16LE bytes (see host-functions.ts).
function wireSafe(s) {
  return s.indexOf('\0') === -1 && s.isWellFormed();
}
function utf16Bytes(s) {
  var b = new U8(s.length * 2);
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    b[2 * i] = c & 255;
    b[2 * i + 1] = c >> 8;
  }
  return b.buffer;
}
function fromUtf16(ab) {
  var u = new Uint16Array(ab);
  var out = '';
  for (var i = 0; i < u.length; i += 4096) out += S.fromCharCode.apply(null, u.subarray(i, i + 4096));
  return out;
}
function hostText(r) {
  return typeof r === 'string' ? r : fromUtf16(r);
}
// UTF-8 as WHATWG and Node's Buffer encode it: a lone surrogate becomes U+FFFD.
function utf8Encode(str) {
  var s = S(str);
  var out = new U8(s.length * 3);
  var n = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          var cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          out[n++] = 0xf0 | (cp >> 18);
          out[n++] = 0x80 | ((cp >> 12) & 63);
          out[n++] = 0x80 | ((cp >> 6) & 63);
          out[n++] = 0x80 | (cp & 63);
          i++;
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return out.slice(0, n);
}

function errorClass(name) {
  var C = class extends ErrorCtor {
    constructor(message) {
      super(message);
      this.name = name;
    }
  };
  defineProperty(C, 'name', { value: name });
  defineProperty(C.prototype, 'name', { value: name, writable: true, configurable: true });
  def(name, C);
  return C;
}
var RetryError = errorClass('RetryError');
var EventNotSupported = errorClass('EventNotSupported');
var DropEvent = errorClass('DropEvent');
var ValidationError = errorClass('ValidationError');
var InvalidEventPayload = errorClass('InvalidEventPayload');
var KIND_BY_NAME = {
  RetryError: 'retry',
  EventNotSupported: 'drop',
  DropEvent: 'drop',
  ValidationError: 'invalid',
  InvalidEventPayload: 'invalid',
};

// Host errors arrive as plain Errors carrying a name; give them the class user code expects.
var HOST_ERROR_CLASSES = { TypeError: TypeErrorCtor, RangeError: RangeErrorCtor };
function rethrowHost(e) {
  var C = HOST_ERROR_CLASSES[e && e.name] || ErrorCtor;
  var out = new C(e && e.message);
  if (C === ErrorCtor && e && typeof e.name === 'string' && e.name !== 'Error') out.name = e.name;
  throw out;
}

// ---- console: formatted here, capped by the host (which answers false once the cap is hit).
var logOpen = true;
function inspect(v, top) {
  if (typeof v === 'string') return top ? v : stringify(v);
  if (typeof v === 'bigint') return S(v) + 'n';
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
  if (v === null || typeof v !== 'object') return S(v);
  if (v instanceof ErrorCtor) {
    var head = S(v.name) + ': ' + S(v.message);
    return v.stack ? head + '\n' + S(v.stack).replace(/\n$/, '') : head;
  }
  var seen = [];
  try {
    var s = stringify(v, function (k, x) {
      if (typeof x === 'bigint') return S(x) + 'n';
      if (typeof x === 'function') return '[Function: ' + (x.name || 'anonymous') + ']';
      if (typeof x === 'symbol') return x.toString();
      if (x !== null && typeof x === 'object') {
        if (seen.indexOf(x) !== -1) return '[Circular]';
        seen.push(x);
      }
      return x;
    });
    return s === undefined ? S(v) : s;
  } catch (e) {
    return '[object]';
  }
}
function format(args) {
  var first = args[0];
  var out = '';
  var i = 0;
  if (typeof first === 'string' && args.length > 1 && first.indexOf('%') !== -1) {
    i = 1;
    out = first.replace(/%[sdifjoO%]/g, function (m) {
      if (m === '%%') return '%';
      if (i >= args.length) return m;
      var a = args[i++];
      if (m === '%s') return typeof a === 'string' ? a : inspect(a, false);
      if (m === '%d' || m === '%i') return S(m === '%i' ? parseInt(a, 10) : Number(a));
      if (m === '%f') return S(parseFloat(a));
      return inspect(a, false);
    });
  } else if (args.length > 0) {
    out = inspect(first, true);
    i = 1;
  }
  for (; i < args.length; i++) out += ' ' + inspect(args[i], true);
  return out.length > 8192 ? out.slice(0, 8192) : out;
}
function emitLog(level, message) {
  if (!logOpen) return;
  var text = wireSafe(message) ? message : message.toWellFormed().replace(/\0/g, '\\u0000');
  if (!H.log(level, text)) logOpen = false;
}
function logger(level) {
  return function () {
    if (!logOpen) return;
    var args = [];
    for (var i = 0; i < arguments.length; i++) args.push(arguments[i]);
    emitLog(level, format(args));
  };
}
def('console', {
  log: logger('log'),
  info: logger('info'),
  warn: logger('warn'),
  error: logger('error'),
  debug: logger('log'),
});

// ---- dispatch. Answers are strings so one copy crosses the boundary:
//   json as is (ok)   '~' undefined   '#'+reason not JSON   '%'+length too large   '?' no handler
//   '!'+json [kind, name, message, line, column] a throw   '^'+kind a limit error
// No JSON text starts with ~ # % ? ! or ^, so a successful result needs no tag (and no copy).
var handlers = create(null);
var maxOut = 32768;

function limitKind(e) {
  if (InternalErrorCtor === null || !(e instanceof InternalErrorCtor)) return '';
  var m = e.message;
  if (m === 'out of memory') return 'memory';
  if (m === 'stack overflow') return 'stack';
  if (m === 'interrupted') return 'timeout';
  return '';
}

function ok(v) {
  if (v === undefined) return '~';
  var s;
  try {
    s = stringify(v);
  } catch (e) {
    var lk = limitKind(e);
    if (lk) return '^' + lk;
    return '#' + safeMessage(e);
  }
  if (typeof s !== 'string') return '#a ' + typeof v + ' has no JSON form';
  if (s.length > maxOut) return '%' + s.length;
  return s;
}

function safeMessage(e) {
  try {
    var m = e instanceof ErrorCtor ? S(e.message) : typeof e === 'string' ? e : inspect(e, true);
    return m.length > 500 ? m.slice(0, 500) : m;
  } catch (x) {
    return '';
  }
}

function kindOf(e) {
  if (e instanceof RetryError) return 'retry';
  if (e instanceof EventNotSupported || e instanceof DropEvent) return 'drop';
  if (e instanceof ValidationError || e instanceof InvalidEventPayload) return 'invalid';
  // A class of the same name declared by the code itself still means what Segment means by it.
  if (e instanceof ErrorCtor && typeof e.name === 'string' && KIND_BY_NAME[e.name]) return KIND_BY_NAME[e.name];
  return 'error';
}

function fail(e) {
  var lk = limitKind(e);
  if (lk) return '^' + lk;
  var name = 'Error';
  try {
    if (e !== null && typeof e === 'object' && typeof e.name === 'string') name = e.name.slice(0, 100);
  } catch (x) {
    name = 'Error';
  }
  var kind;
  try {
    kind = kindOf(e);
  } catch (x) {
    kind = 'error';
  }
  var loc = locate(e);
  return '!' + stringify([kind, name, safeMessage(e), loc[0], loc[1]]);
}

// Where in the user's file (evaluated as function.js) the error arose, from QuickJS's backtrace.
var LOCATION = /function\.js:(\d+):(\d+)/;
function locate(e) {
  try {
    var m = e !== null && typeof e === 'object' && typeof e.stack === 'string' ? LOCATION.exec(e.stack) : null;
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  } catch (x) {
    return [0, 0];
  }
}

function settle(r) {
  if (r instanceof P) return r;
  if (r !== null && (typeof r === 'object' || typeof r === 'function')) {
    var then;
    try {
      then = r.then;
    } catch (e) {
      return fail(e);
    }
    if (typeof then === 'function') return PromiseResolve(r);
  }
  return ok(r);
}

function begin(limit) {
  logOpen = true;
  maxOut = limit;
}

function call(name, eventJson, settingsJson, limit) {
  begin(limit);
  var h = handlers[name];
  if (typeof h !== 'function') return '?';
  var r;
  try {
    r = h(parse(eventJson), parse(settingsJson));
  } catch (e) {
    return fail(e);
  }
  return settle(r);
}

// ---- batch dispatch (runMany): one entry into the VM runs a whole batch of events, each with its
// own try/catch and its own answer. The host hears of every event boundary through one crossing,
// H.done(answer) or, for a promise, H.settled(promise): the host reads an already settled promise
// directly (no host promise machinery) and formats it with ok/fail. So logs, fetch records, timers
// and the deadline stay exact per event. Both answer true when the host must act before the next
// event starts (reactions left queued, a breached limit). A promise still pending stops the loop
// and is handed to the host, which drives it exactly as for a single call and then resumes the
// batch at the next event. Events never interleave.
var STOP = create(null);
var batchEvents = null;
var batchHandlers = null;
var batchSettings = '';
// Settings whose values are all primitives (a function's declared settings are) are copied per
// event with object spread, which defines own data properties exactly as JSON.parse does (even a
// "__proto__" key), at a third of the cost; anything nested is parsed again per event.
var batchTemplate = null;

function flatObject(o) {
  if (o === null || typeof o !== 'object' || isArray(o)) return false;
  var keys = objectKeys(o);
  for (var i = 0; i < keys.length; i++) {
    var v = o[keys[i]];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

function manyBegin(eventsJson, settingsJson, names, limit) {
  batchEvents = null;
  var list = names.split(',');
  batchHandlers = [];
  for (var i = 0; i < list.length; i++) batchHandlers.push(handlers[list[i]]);
  batchSettings = settingsJson;
  var template = parse(settingsJson);
  batchTemplate = flatObject(template) ? template : null;
  maxOut = limit;
  batchEvents = parse(eventsJson);
  return batchEvents.length === batchHandlers.length ? batchEvents.length : -1;
}

function manyRun(from) {
  var events = batchEvents;
  var fns = batchHandlers;
  var settings = batchSettings;
  var template = batchTemplate;
  var n = events.length;
  for (var i = from; i < n; i++) {
    var event = events[i];
    events[i] = undefined;
    logOpen = true;
    var h = fns[i];
    var res;
    if (typeof h !== 'function') res = '?';
    else {
      try {
        var r = h(event, template !== null ? { ...template } : parse(settings));
        if (r instanceof P) {
          var st = H.settled(r, STOP);
          if (st === STOP) return r;
          if (st) return i + 1;
          continue;
        }
        if (r !== null && (typeof r === 'object' || typeof r === 'function') && typeof r.then === 'function') {
          return PromiseResolve(r);
        }
        res = ok(r);
      } catch (e) {
        res = fail(e);
      }
    }
    if (H.done(res)) return i + 1;
  }
  batchEvents = null;
  batchHandlers = null;
  return -1;
}

function bind(found) {
  var names = objectKeys(found);
  var bound = [];
  for (var i = 0; i < names.length; i++) {
    if (typeof found[names[i]] === 'function') {
      handlers[names[i]] = found[names[i]];
      bound.push(names[i]);
    }
  }
  return bound.join(',');
}
`;

/**
 * Evaluated after the user's code as a separate global script: it sees top-level function
 * declarations and also top-level `const onTrack = ...` bindings (which are not properties of
 * globalThis), and hands them to `bind`.
 */
export const HANDLER_PROBE = `({ ${FUNCTION_HANDLERS.map((n) => `${n}: typeof ${n} === 'function' ? ${n} : undefined`).join(', ')} })`;
