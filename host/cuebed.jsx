/*
 * Cuebed host script for Premiere Pro (ExtendScript, ES3 ONLY).
 *
 * Loaded by CEP from CSXS/manifest.xml (ScriptPath ./host/cuebed.jsx) into Premiere's shared
 * ExtendScript engine, so everything lives under one key, $.cuebed (reference §2.7, §6 item 5).
 *
 * Rules for this file (reference §6 items 1-9): ES3 syntax only (no let/const, arrows, template
 * literals, getters, trailing commas in object literals), no ES5 library calls (Array forEach/map/
 * filter/indexOf, Object.keys, JSON, String trim, Function bind, Date.now), no reserved words as
 * property names. test/host/es3.test.ts parses this file with acorn ecmaVersion 3 and runs it in a
 * context where those ES5 library functions do not exist.
 *
 * Every public function takes one JSON string argument (an object literal is accepted too) and
 * returns a JSON string envelope: {"ok":true,"data":...} or {"ok":false,"error":{"code","message"}}.
 * Nothing is thrown to Premiere and nothing is alerted.
 *
 * Time: Premiere Time objects carry .ticks as a STRING (254016000000 per second); all tick
 * arithmetic here uses Number(), exact below 2^53 ticks (about 9.8 hours). Clip start/end count from
 * the sequence start, never from zeroPoint (reference §6 items 12-13).
 */
(function (root) {
  var NS = {};
  var TICKS_PER_SECOND = 254016000000;
  var BIN_NAME = 'Cuebed';
  var SCORE_TRACK = 'Cuebed';
  var STINGER_TRACK = 'Cuebed Stingers';
  var SNAPSHOT_SCHEMA = 'cuebed.snapshot/1';

  /* ------------------------------------------------------------------------------------------ */
  /* JSON (ES3 has none): a small stringify and a strict recursive-descent parse.                */
  /* ------------------------------------------------------------------------------------------ */

  function isArray(v) {
    return Object.prototype.toString.call(v) === '[object Array]';
  }

  function hex4(code) {
    var h = code.toString(16);
    while (h.length < 4) h = '0' + h;
    return '\\u' + h;
  }

  function quote(s) {
    var out = '"';
    var i, c, code;
    for (i = 0; i < s.length; i++) {
      c = s.charAt(i);
      code = s.charCodeAt(i);
      if (c === '"') out += '\\"';
      else if (c === '\\') out += '\\\\';
      else if (c === '\n') out += '\\n';
      else if (c === '\r') out += '\\r';
      else if (c === '\t') out += '\\t';
      else if (c === '\b') out += '\\b';
      else if (c === '\f') out += '\\f';
      // Control characters, and U+2028/U+2029 which JSON allows raw but ES3 string literals do not.
      else if (code < 0x20 || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff && !pairedSurrogate(s, i))) out += hex4(code);
      else out += c;
    }
    return out + '"';
  }

  function pairedSurrogate(s, i) {
    var code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      var next = s.charCodeAt(i + 1);
      return next >= 0xdc00 && next <= 0xdfff;
    }
    var prev = i > 0 ? s.charCodeAt(i - 1) : 0;
    return prev >= 0xd800 && prev <= 0xdbff;
  }

  function stringify(v) {
    var t = typeof v;
    var parts, i, k, item;
    if (v === null) return 'null';
    if (t === 'string') return quote(v);
    if (t === 'number') return isFinite(v) ? String(v) : 'null';
    if (t === 'boolean') return v ? 'true' : 'false';
    if (t === 'undefined' || t === 'function') return undefined;
    if (isArray(v)) {
      parts = [];
      for (i = 0; i < v.length; i++) {
        item = stringify(v[i]);
        parts[parts.length] = item === undefined ? 'null' : item;
      }
      return '[' + parts.join(',') + ']';
    }
    parts = [];
    for (k in v) {
      if (Object.prototype.hasOwnProperty.call(v, k)) {
        item = stringify(v[k]);
        if (item !== undefined) parts[parts.length] = quote(k) + ':' + item;
      }
    }
    return '{' + parts.join(',') + '}';
  }

  function parse(text) {
    var at = 0;
    var ch = ' ';

    function fail(m) {
      throw { cuebed: true, code: 'BAD_REQUEST', message: 'request is not valid JSON: ' + m + ' at character ' + at };
    }
    function next() {
      ch = text.charAt(at);
      at += 1;
      return ch;
    }
    function white() {
      while (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') next();
    }
    function expect(c) {
      if (ch !== c) fail('expected "' + c + '"');
      next();
    }
    function str() {
      var out = '';
      var code, j;
      expect('"');
      while (at <= text.length) {
        if (ch === '"') {
          next();
          return out;
        }
        if (ch === '\\') {
          next();
          if (ch === 'u') {
            code = 0;
            for (j = 0; j < 4; j++) {
              next();
              if (!/[0-9a-fA-F]/.test(ch)) fail('bad \\u escape');
              code = code * 16 + parseInt(ch, 16);
            }
            out += String.fromCharCode(code);
          } else if (ch === 'n') out += '\n';
          else if (ch === 'r') out += '\r';
          else if (ch === 't') out += '\t';
          else if (ch === 'b') out += '\b';
          else if (ch === 'f') out += '\f';
          else if (ch === '"' || ch === '\\' || ch === '/') out += ch;
          else fail('bad escape');
          next();
        } else {
          if (ch === '' || ch.charCodeAt(0) < 0x20) fail('unterminated string');
          out += ch;
          next();
        }
      }
      return fail('unterminated string');
    }
    function num() {
      var s = '';
      if (ch === '-') {
        s = '-';
        next();
      }
      while (/[0-9.eE+\-]/.test(ch) && ch !== '') {
        s += ch;
        next();
      }
      if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+\-]?[0-9]+)?$/.test(s)) fail('bad number');
      return Number(s);
    }
    function word(w, v) {
      var j;
      for (j = 0; j < w.length; j++) expect(w.charAt(j));
      return v;
    }
    function value() {
      white();
      if (ch === '{') return obj();
      if (ch === '[') return arr();
      if (ch === '"') return str();
      if (ch === '-' || (ch >= '0' && ch <= '9')) return num();
      if (ch === 't') return word('true', true);
      if (ch === 'f') return word('false', false);
      if (ch === 'n') return word('null', null);
      return fail('unexpected "' + ch + '"');
    }
    function arr() {
      var a = [];
      expect('[');
      white();
      if (ch === ']') {
        next();
        return a;
      }
      for (;;) {
        a[a.length] = value();
        white();
        if (ch === ']') {
          next();
          return a;
        }
        expect(',');
      }
    }
    function obj() {
      var o = {};
      var k;
      expect('{');
      white();
      if (ch === '}') {
        next();
        return o;
      }
      for (;;) {
        white();
        k = str();
        white();
        expect(':');
        o[k] = value();
        white();
        if (ch === '}') {
          next();
          return o;
        }
        expect(',');
      }
    }

    text = String(text);
    next();
    var result = value();
    white();
    if (ch !== '') fail('trailing text');
    return result;
  }

  NS.json = { stringify: stringify, parse: parse };

  /* ------------------------------------------------------------------------------------------ */
  /* Envelopes and errors                                                                        */
  /* ------------------------------------------------------------------------------------------ */

  function HostError(code, message) {
    this.cuebed = true;
    this.code = code;
    this.message = message;
  }

  function ok(data) {
    return stringify({ ok: true, data: data });
  }

  function failEnvelope(code, message) {
    return stringify({ ok: false, error: { code: code, message: message } });
  }

  /** Runs fn(request) and turns every outcome, including an ExtendScript exception, into an envelope. */
  function guarded(fn, arg) {
    try {
      var req = arg;
      if (arg === undefined || arg === null || arg === '') req = {};
      else if (typeof arg === 'string') req = parse(arg);
      if (req === null || typeof req !== 'object' || isArray(req)) throw new HostError('BAD_REQUEST', 'request must be a JSON object');
      return ok(fn(req));
    } catch (e) {
      if (e && e.cuebed) return failEnvelope(e.code, e.message);
      var where = '';
      try {
        if (e && e.line) where = ' (line ' + e.line + ')';
      } catch (ignored) {}
      var text = 'unknown error';
      try {
        text = e && e.message ? String(e.message) : String(e);
      } catch (ignored2) {}
      return failEnvelope('INTERNAL', 'Premiere raised: ' + text + where);
    }
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Small helpers                                                                               */
  /* ------------------------------------------------------------------------------------------ */

  function ticksOf(t) {
    // Time.ticks is a String (S-guide time.md: ppro-scripting.docsforadobe.dev/other/time).
    if (t === undefined || t === null) return 0;
    if (typeof t === 'object' && t.ticks !== undefined) return Number(t.ticks);
    return Number(t);
  }

  function tickString(n) {
    // Integers below 2^53 print without exponent from 1e21 down; Math.round guards float noise.
    return String(Math.round(n));
  }

  function makeTime(ticks) {
    var t = new Time();
    t.ticks = tickString(ticks);
    return t;
  }

  function requireTicks(v, field, allowNegative) {
    if (typeof v !== 'string' || !/^-?[0-9]+$/.test(v)) throw new HostError('BAD_REQUEST', field + ' must be a tick string like "254016000000"');
    var n = Number(v);
    if (n > 9007199254740991 || n < -9007199254740991) throw new HostError('BAD_REQUEST', field + ' is longer than 9.8 hours');
    if (!allowNegative && n < 0) throw new HostError('BAD_REQUEST', field + ' must not be negative');
    return n;
  }

  function requireString(v, field) {
    if (typeof v !== 'string' || v === '') throw new HostError('BAD_REQUEST', field + ' must be a non-empty string');
    return v;
  }

  function isWindows() {
    try {
      return String($.os).toLowerCase().indexOf('windows') >= 0;
    } catch (e) {
      return false;
    }
  }

  function normPath(p) {
    var s = String(p).replace(/\\/g, '/');
    return isWindows() ? s.toLowerCase() : s;
  }

  function mediaPathOf(projectItem) {
    if (!projectItem) return '';
    try {
      var p = projectItem.getMediaPath();
      return p ? String(p) : '';
    } catch (e) {
      return '';
    }
  }

  function callBool(obj, method) {
    try {
      if (obj && typeof obj[method] === 'function') return obj[method]() ? true : false;
    } catch (e) {}
    return false;
  }

  function requireSequence() {
    if (typeof app === 'undefined' || !app || !app.project || !app.project.rootItem) throw new HostError('NO_PROJECT', 'No project is open in Premiere Pro; open a project and a sequence.');
    var seq = app.project.activeSequence;
    if (!seq) throw new HostError('NO_SEQUENCE', 'No sequence is active; open the sequence to score in the Timeline panel.');
    return seq;
  }

  /* ------------------------------------------------------------------------------------------ */
  /* snapshot()                                                                                  */
  /* ------------------------------------------------------------------------------------------ */

  var KNOWN_RATES = [
    [10594584000, 24000, 1001],
    [10584000000, 24, 1],
    [10160640000, 25, 1],
    [8475667200, 30000, 1001],
    [8467200000, 30, 1],
    [5080320000, 50, 1],
    [4237833600, 60000, 1001],
    [4233600000, 60, 1]
  ];

  function gcd(a, b) {
    while (b) {
      var t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /**
   * SequenceSettings.videoDisplayFormat: 102 = 29.97 drop-frame, 106 = 59.94 drop-frame (Premiere's
   * video display codes 100-113; 103/107 are the non-drop ones).
   */
  function isDropFrame(seq) {
    var f = -1;
    try {
      f = Number(seq.getSettings().videoDisplayFormat);
    } catch (e) {
      f = -1;
    }
    return f === 102 || f === 106;
  }

  /** Sequence.timebase is ticks per frame (a String): 10594584000 → 24000/1001. */
  function frameRateOf(seq) {
    var tpf = Number(seq.timebase);
    var i, g;
    if (!(tpf > 0)) {
      try {
        tpf = ticksOf(seq.getSettings().videoFrameRate);
      } catch (e) {}
    }
    if (!(tpf > 0)) throw new HostError('INTERNAL', 'could not read the sequence frame rate (timebase ' + seq.timebase + ')');
    for (i = 0; i < KNOWN_RATES.length; i++) {
      if (KNOWN_RATES[i][0] === tpf) return { num: KNOWN_RATES[i][1], den: KNOWN_RATES[i][2] };
    }
    g = gcd(TICKS_PER_SECOND, tpf);
    return { num: TICKS_PER_SECOND / g, den: tpf / g };
  }

  /**
   * Sequence settings' audioSampleRate is a Time (reference §8 item 2, VERIFY): read as the duration
   * of one sample (48 kHz → 5292000 ticks); a plain rate in Hz (number or Time.seconds) is accepted too.
   */
  function sampleRateOf(seq) {
    var settings, sr, ticks, rate;
    try {
      settings = seq.getSettings();
      sr = settings ? settings.audioSampleRate : undefined;
    } catch (e) {
      sr = undefined;
    }
    if (typeof sr === 'number' && sr >= 8000) return Math.round(sr);
    if (sr && typeof sr === 'object') {
      ticks = Number(sr.ticks);
      if (ticks > 0) {
        rate = TICKS_PER_SECOND / ticks;
        if (rate >= 8000 && rate <= 384000 && Math.abs(rate - Math.round(rate)) < 1e-6) return Math.round(rate);
      }
      if (Number(sr.seconds) >= 8000 && Number(sr.seconds) <= 384000) return Math.round(Number(sr.seconds));
    }
    return 48000;
  }

  function clipKind(clip, projectItem, mediaPath) {
    if (projectItem && callBool(projectItem, 'isSequence')) return 'nested';
    if (callBool(clip, 'isAdjustmentLayer')) return 'adjustment';
    if (callBool(clip, 'isMGT')) return 'graphic';
    if (mediaPath === '') {
      // Synthetic media (mattes, bars, legacy titles) has no file; tell titles from mattes by name,
      // as the FCP7 reader does for generator items (src/timeline/fcp7.ts TITLE_RE).
      var label = String(projectItem && projectItem.name ? projectItem.name : '') + ' ' + String(clip.name || '');
      if (/adjustment/i.test(label)) return 'adjustment';
      if (/text|title|graphic|caption|subtitle|lower third/i.test(label)) return 'title';
      return 'generator';
    }
    return 'clip';
  }

  /**
   * Alpha: ProjectItem.getFootageInterpretation().alphaUsage (0 none, 1 straight, 2 premultiplied,
   * 3 ignore; S-guide projectitem.md). VERIFY in Premiere what footage without alpha reports.
   */
  function hasAlpha(projectItem) {
    try {
      if (!projectItem || typeof projectItem.getFootageInterpretation !== 'function') return false;
      var fi = projectItem.getFootageInterpretation();
      if (!fi) return false;
      var usage = Number(fi.alphaUsage);
      return usage === 1 || usage === 2;
    } catch (e) {
      return false;
    }
  }

  function readTrack(track, index, mediaType) {
    var out = { index: index, name: String(track.name || ''), enabled: !callBool(track, 'isMuted'), clips: [] };
    var clips = track.clips;
    var n = clips ? clips.numItems : 0;
    var j, clip, pi, path, c, kind;
    for (j = 0; j < n; j++) {
      clip = clips[j];
      if (!clip) continue;
      pi = clip.projectItem;
      path = mediaPathOf(pi);
      c = {
        name: String(clip.name || ''),
        start: tickString(ticksOf(clip.start)),
        end: tickString(ticksOf(clip.end)),
        inPoint: tickString(ticksOf(clip.inPoint)),
        outPoint: tickString(ticksOf(clip.outPoint)),
        mediaPath: path,
        enabled: clip.disabled === true ? false : true,
        mediaType: mediaType
      };
      kind = clipKind(clip, pi, path);
      if (mediaType === 'Video') {
        c.kind = kind;
        if (hasAlpha(pi)) c.alpha = true;
      } else if (pi && pi.nodeId !== undefined) {
        // Channels of one linked item (exploded stereo) share media and placement.
        c.linkId = String(pi.nodeId) + '@' + c.start + '-' + c.end;
      }
      out.clips[out.clips.length] = c;
    }
    return out;
  }

  function readMarkers(seq) {
    var out = [];
    var markers = seq.markers;
    if (!markers || !markers.numMarkers) return out;
    var m = markers.getFirstMarker();
    var guard = 0;
    var start, end;
    while (m && guard < 100000) {
      start = ticksOf(m.start);
      end = ticksOf(m.end);
      if (end < start) end = start; // a point marker may report end 0
      out[out.length] = { start: tickString(start), end: tickString(end), name: String(m.name || ''), comments: String(m.comments || ''), type: String(m.type || 'Comment') };
      m = markers.getNextMarker(m);
      guard++;
    }
    return out;
  }

  function snapshot() {
    var seq = requireSequence();
    var end = ticksOf(seq.end);
    var video = [];
    var audio = [];
    var i, clipCount = 0;
    for (i = 0; i < seq.videoTracks.numTracks; i++) {
      video[i] = readTrack(seq.videoTracks[i], i + 1, 'Video');
      clipCount += video[i].clips.length;
    }
    for (i = 0; i < seq.audioTracks.numTracks; i++) {
      audio[i] = readTrack(seq.audioTracks[i], i + 1, 'Audio');
      clipCount += audio[i].clips.length;
    }
    if (clipCount === 0) throw new HostError('EMPTY_SEQUENCE', 'The sequence "' + seq.name + '" has no clips; edit some picture or dialogue first.');
    // In/Out: Time objects (getInPoint() strings have an uncertain unit, reference §6 item 15).
    // Unset In reads 0 and unset Out reads the sequence end: both are reported as null (VERIFY).
    var inT = ticksOf(seq.getInPointAsTime());
    var outT = ticksOf(seq.getOutPointAsTime());
    var playhead = 0;
    try {
      playhead = ticksOf(seq.getPlayerPosition());
    } catch (e) {}
    var snap = {
      schema: SNAPSHOT_SCHEMA,
      sequence: {
        name: String(seq.name),
        id: String(seq.sequenceID),
        frameRate: frameRateOf(seq),
        audioSampleRate: sampleRateOf(seq),
        zeroPoint: tickString(ticksOf(seq.zeroPoint)),
        end: tickString(end),
        inPoint: inT > 0 ? tickString(inT) : null,
        outPoint: outT > 0 && outT < end && outT > inT ? tickString(outT) : null,
        playhead: tickString(playhead < 0 ? 0 : playhead)
      },
      videoTracks: video,
      audioTracks: audio,
      markers: readMarkers(seq)
    };
    // Labels only (the timeline's timecode display); sent only when set, so older readers see no change.
    if (isDropFrame(seq)) snap.sequence.dropFrame = true;
    return snap;
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Project items: the Cuebed bin, import, find by media path                                  */
  /* ------------------------------------------------------------------------------------------ */

  function binType() {
    return typeof ProjectItemType !== 'undefined' && ProjectItemType && ProjectItemType.BIN !== undefined ? ProjectItemType.BIN : 2;
  }

  function ensureBin() {
    var rootItem = app.project.rootItem;
    var kids = rootItem.children;
    var i, child, bin;
    for (i = 0; i < kids.numItems; i++) {
      child = kids[i];
      if (child && child.type === binType() && child.name === BIN_NAME) return child;
    }
    bin = rootItem.createBin(BIN_NAME);
    if (!bin) throw new HostError('IMPORT_FAILED', 'could not create the "' + BIN_NAME + '" bin');
    return bin;
  }

  function findInTree(item, wanted, depth) {
    var kids = item.children;
    var i, child, found;
    if (!kids || depth > 20) return null;
    for (i = 0; i < kids.numItems; i++) {
      child = kids[i];
      if (!child) continue;
      if (child.type === binType()) {
        found = findInTree(child, wanted, depth + 1);
        if (found) return found;
      } else if (normPath(mediaPathOf(child)) === wanted) return child;
    }
    return null;
  }

  /** importFiles returns only a boolean (true even for a missing file): find the item by media path. */
  function importOnce(bin, path, field) {
    var wanted = normPath(path);
    var item = findInTree(bin, wanted, 0);
    var imported = false;
    if (!item) {
      if (typeof File !== 'undefined' && !new File(path).exists) throw new HostError('IMPORT_FAILED', field + ': the file ' + path + ' does not exist (render it first)');
      app.project.importFiles([path], true, bin, false);
      imported = true;
      item = findInTree(bin, wanted, 0);
      if (!item) item = findInTree(app.project.rootItem, wanted, 0);
    }
    if (!item) throw new HostError('IMPORT_FAILED', field + ': Premiere did not import ' + path + ' (no project item has that media path afterwards)');
    return { item: item, imported: imported };
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Tracks                                                                                      */
  /* ------------------------------------------------------------------------------------------ */

  function trackIsLocked(track) {
    return callBool(track, 'isLocked');
  }

  function trackByName(seq, name) {
    var i;
    for (i = 0; i < seq.audioTracks.numTracks; i++) {
      if (seq.audioTracks[i].name === name) return i;
    }
    return -1;
  }

  function trackHoldingPath(seq, wanted) {
    var i, j, clips;
    for (i = 0; i < seq.audioTracks.numTracks; i++) {
      clips = seq.audioTracks[i].clips;
      for (j = 0; j < clips.numItems; j++) {
        if (normPath(mediaPathOf(clips[j].projectItem)) === wanted) return i;
      }
    }
    return -1;
  }

  function emptyOver(track, ranges) {
    var clips = track.clips;
    var j, k, s, e;
    for (j = 0; j < clips.numItems; j++) {
      s = ticksOf(clips[j].start);
      e = ticksOf(clips[j].end);
      for (k = 0; k < ranges.length; k++) {
        if (s < ranges[k][1] && e > ranges[k][0]) return false;
      }
    }
    return true;
  }

  /**
   * A new audio track through the undocumented QE DOM (reference §3.7): argument order
   * (numVideo, videoIndex, numAudio, audioChannelType 1 = stereo, audioIndex, numSubmix, submixType)
   * is disputed, so the track count is checked afterwards. Renaming is QE only (setName).
   */
  function addNamedTrack(seq, name) {
    var before = seq.audioTracks.numTracks;
    var ids = {};
    var qseq, qtrack, i, idx;
    for (i = 0; i < before; i++) ids['t' + seq.audioTracks[i].id] = true;
    try {
      app.enableQE();
      qseq = qe.project.getActiveSequence();
      qseq.addTracks(0, 0, 1, 1, before, 0, 0);
    } catch (e) {
      return -1;
    }
    if (seq.audioTracks.numTracks !== before + 1) return -1;
    // QE's argument order is disputed: the new track is the one whose id was not there before,
    // wherever it landed, and it must be empty; never assume index `before`.
    idx = -1;
    for (i = 0; i < seq.audioTracks.numTracks; i++) if (!ids['t' + seq.audioTracks[i].id]) idx = i;
    if (idx < 0 || seq.audioTracks[idx].clips.numItems !== 0) return -1;
    try {
      qtrack = qseq.getAudioTrackAt(idx);
      if (qtrack) qtrack.setName(name);
    } catch (e2) {}
    return idx;
  }

  /**
   * The track Cuebed owns: one named `name`; else one already holding one of `paths` (a previous
   * run whose rename did not take); else a new QE track; else the first unlocked audio track empty
   * over every range.
   */
  function ensureTrack(seq, name, paths, ranges) {
    var idx = trackByName(seq, name);
    var created = false;
    var k;
    if (idx < 0) {
      for (k = 0; k < paths.length && idx < 0; k++) idx = trackHoldingPath(seq, normPath(paths[k]));
      if (idx >= 0 && seq.audioTracks[idx].name !== name) {
        // A previous run fell back to this track: use it only when it is still free for the new ranges.
        if (!emptyOverExcept(seq.audioTracks[idx], ranges, paths)) idx = -1;
      }
    }
    if (idx < 0) {
      idx = addNamedTrack(seq, name);
      created = idx >= 0;
    }
    if (idx < 0) {
      for (k = 0; k < seq.audioTracks.numTracks; k++) {
        if (!trackIsLocked(seq.audioTracks[k]) && emptyOver(seq.audioTracks[k], ranges)) {
          idx = k;
          break;
        }
      }
    }
    if (idx < 0) throw new HostError('NO_TRACK', 'could not add an audio track and no unlocked audio track is empty over the range; add an empty audio track named "' + name + '"');
    if (trackIsLocked(seq.audioTracks[idx])) throw new HostError('TRACK_LOCKED', 'audio track A' + (idx + 1) + ' "' + seq.audioTracks[idx].name + '" is locked; unlock it and try again');
    return { index: idx, track: seq.audioTracks[idx], created: created };
  }

  /**
   * "Cuebed Stingers", or "Cuebed Stingers 2", 3 ... : the first with room for every new stinger
   * (its own earlier placements of the same files do not count), so a stinger never overwrites the
   * tail of one placed by an earlier run; a new numbered track when none has room.
   */
  function stingerTrack(seq, paths, ranges) {
    var n, name, idx;
    for (n = 1; ; n++) {
      name = n === 1 ? STINGER_TRACK : STINGER_TRACK + ' ' + n;
      idx = trackByName(seq, name);
      if (idx < 0) return ensureTrack(seq, name, paths, ranges);
      if (emptyOverExcept(seq.audioTracks[idx], ranges, paths)) return ensureTrack(seq, name, paths, ranges);
    }
  }

  function emptyOverExcept(track, ranges, paths) {
    var clips = track.clips;
    var j, k, s, e, p, mine;
    for (j = 0; j < clips.numItems; j++) {
      p = normPath(mediaPathOf(clips[j].projectItem));
      mine = false;
      for (k = 0; k < paths.length; k++) if (normPath(paths[k]) === p) mine = true;
      if (mine) continue;
      s = ticksOf(clips[j].start);
      e = ticksOf(clips[j].end);
      for (k = 0; k < ranges.length; k++) if (s < ranges[k][1] && e > ranges[k][0]) return false;
    }
    return true;
  }

  function pathsInBin(bin, first) {
    var out = first;
    var kids = bin.children;
    var i, p;
    for (i = 0; i < kids.numItems; i++) {
      p = kids[i] && kids[i].type !== binType() ? mediaPathOf(kids[i]) : '';
      if (p !== '' && /\.wav$/i.test(p)) out[out.length] = p;
    }
    return out;
  }

  /**
   * The clip of `wanted` media on the track starting at `startTicks`, or within `slack` ticks of it
   * (the nearest): a stinger starts between frames and Premiere may put it on a frame boundary.
   */
  function findClip(track, wanted, startTicks, slack) {
    var clips = track.clips;
    var best = null;
    var bestOff = 0;
    var j, c, off;
    for (j = 0; j < clips.numItems; j++) {
      c = clips[j];
      if (normPath(mediaPathOf(c.projectItem)) !== wanted) continue;
      if (startTicks === null) return c;
      off = Math.abs(ticksOf(c.start) - startTicks);
      if (off <= (slack || 0) && (best === null || off < bestOff)) {
        best = c;
        bestOff = off;
      }
    }
    return best;
  }

  /** A frame of the sequence in ticks: how far Premiere may move a placed clip (0 when unreadable). */
  function frameSlack(seq) {
    var tpf = Number(seq.timebase);
    return tpf > 0 ? tpf : 0;
  }

  function clipInfo(c) {
    return { start: tickString(ticksOf(c.start)), end: tickString(ticksOf(c.end)), inPoint: tickString(ticksOf(c.inPoint)), outPoint: tickString(ticksOf(c.outPoint)), name: String(c.name || '') };
  }

  /** track.overwriteClip(item, ticks String) (S-guide track.md), then find the new TrackItem by path + start. */
  function placeAt(track, item, path, startTicks, field, slack) {
    track.overwriteClip(item, tickString(startTicks));
    var clip = findClip(track, normPath(path), startTicks, slack);
    if (!clip) throw new HostError('PLACE_FAILED', field + ': Premiere did not place ' + path + ' at tick ' + tickString(startTicks));
    return clip;
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Volume keyframes                                                                            */
  /* ------------------------------------------------------------------------------------------ */

  /**
   * Volume "Level" stores 10^((dB − 15)/20), not dB and not linear gain (0 dB = 0.17782794;
   * reference §3.8: github.com/leancoderkavy/premiere-pro-mcp/issues/262 and /pull/111).
   * null / -Infinity dB is silence (0); values clamp to 0..1 as Premiere clamps them silently.
   */
  function dbToLevel(db) {
    if (db === null || db === undefined || !(db > -1e9)) return 0;
    var v = Math.pow(10, (db - 15) / 20);
    return v > 1 ? 1 : v;
  }

  function levelToDb(v) {
    if (!(v > 0)) return null;
    return 20 * (Math.log(v) / Math.LN10) + 15;
  }

  /**
   * The Volume component's Level param. Display names are localised (a Spanish Premiere shows
   * "Volumen" > "Nivel"), so the component is found by match name (Premiere's English display name
   * only as a last resort) and Level by its index: Volume's parameters are Bypass (0), Level (1) in
   * every language; ComponentParam has no match name (scripting guide, componentparam).
   */
  var VOLUME_MATCH_NAMES = ['AudioLevels', 'audioVolume', 'Internal Volume Stereo', 'Internal Volume Mono', 'Internal Volume MultiChannel'];
  function isVolume(comp) {
    var mn = String(comp.matchName || '');
    var k;
    for (k = 0; k < VOLUME_MATCH_NAMES.length; k++) if (mn === VOLUME_MATCH_NAMES[k]) return true;
    return String(comp.displayName || '') === 'Volume';
  }

  function levelParam(clip) {
    var comps = clip.components;
    var i, j, comp, props, p;
    if (!comps) return null;
    for (i = 0; i < comps.numItems; i++) {
      comp = comps[i];
      if (!comp || !isVolume(comp)) continue;
      props = comp.properties;
      // An English Premiere names it; elsewhere Level is the second parameter.
      for (j = 0; j < props.numItems; j++) {
        p = props[j];
        if (p && p.displayName === 'Level') return p;
      }
      if (props.numItems > 1 && props[1]) return props[1];
    }
    return null;
  }

  /** Keyframe times are in the clip's SOURCE time: key = inPoint + (sequenceTime − start). */
  function sourceTicks(clip, seqTicks) {
    return ticksOf(clip.inPoint) + (seqTicks - ticksOf(clip.start));
  }

  /**
   * Writes each key (sequence time) on the clip's Volume > Level; keys flagged `editor` report
   * editor: true. `redraw` false: more keys follow in a later call, so no key asks Premiere to redraw.
   */
  function writeKeys(clip, keys, redraw) {
    if (!keys.length) return [];
    var level = levelParam(clip);
    var start = ticksOf(clip.start);
    var end = ticksOf(clip.end);
    var out = [];
    var i, k, src, t, value, back;
    var last = -1;
    if (!level) throw new HostError('KEYFRAMES_FAILED', 'the placed clip has no Volume > Level parameter');
    if (!callBool(level, 'isTimeVarying')) level.setTimeVarying(true);
    // A long interview is hundreds of keys: Premiere redraws on each write with updateUI set, so
    // only the last key of the last call asks for it.
    for (i = 0; i < keys.length; i++) if (redraw !== false && keys[i].ticks >= start && keys[i].ticks <= end) last = i;
    for (i = 0; i < keys.length; i++) {
      k = keys[i];
      if (k.ticks < start || k.ticks > end) continue;
      src = sourceTicks(clip, k.ticks);
      value = dbToLevel(k.gainDb);
      t = makeTime(src);
      level.addKey(t);
      level.setValueAtKey(t, value, i === last ? 1 : 0);
      back = Number(level.getValueAtKey(t));
      out[out.length] = { ticks: tickString(k.ticks), sourceTicks: tickString(src), value: value, verified: Math.abs(back - value) < 1e-6 };
      if (k.editor) out[out.length - 1].editor = true;
    }
    return out;
  }

  function readKeys(clip, withSource) {
    var level = levelParam(clip);
    var out = [];
    var keys, i, src, v;
    if (!level || !callBool(level, 'isTimeVarying')) return out;
    keys = level.getKeys();
    if (!keys) return out;
    for (i = 0; i < keys.length; i++) {
      src = ticksOf(keys[i]);
      v = Number(level.getValueAtKey(keys[i]));
      out[out.length] = { ticks: tickString(ticksOf(clip.start) + (src - ticksOf(clip.inPoint))), value: v, gainDb: levelToDb(v) };
      if (withSource) out[out.length - 1].sourceTicks = tickString(src);
    }
    return out;
  }

  /** Read-only: every clip of `wavPath` on the audio tracks, with its Volume keys (sequence and source time). */
  function scoreKeysImpl(req) {
    var wanted = normPath(requireString(req.wavPath, 'wavPath'));
    var seq = requireSequence();
    var out = [];
    var i, j, track, clips;
    for (i = 0; i < seq.audioTracks.numTracks; i++) {
      track = seq.audioTracks[i];
      clips = track.clips;
      for (j = 0; j < clips.numItems; j++) {
        if (normPath(mediaPathOf(clips[j].projectItem)) !== wanted) continue;
        out[out.length] = { trackIndex: i + 1, trackName: String(track.name), clip: clipInfo(clips[j]), keys: readKeys(clips[j], true) };
      }
    }
    return { clips: out };
  }

  /* ------------------------------------------------------------------------------------------ */
  /* placeScore / replaceScore / placeStingers                                                   */
  /* ------------------------------------------------------------------------------------------ */

  function readScoreRequest(req) {
    var r = {
      wavPath: requireString(req.wavPath, 'wavPath'),
      name: req.name === undefined ? 'Cuebed score' : requireString(req.name, 'name'),
      startTicks: requireTicks(req.startTicks, 'startTicks', false),
      durationTicks: requireTicks(req.durationTicks, 'durationTicks', false),
      ducking: [],
      redraw: req.moreKeys !== true
    };
    if (r.durationTicks <= 0) throw new HostError('BAD_REQUEST', 'durationTicks must be positive');
    readDuckKeys(req, r.ducking);
    return r;
  }

  /** A request's ducking keys, then its editorKeys (flagged `editor`), in the order they are written. */
  function readDuckKeys(req, out) {
    var i, k, list, extra;
    list = req.ducking === undefined ? [] : req.ducking;
    if (!isArray(list)) throw new HostError('BAD_REQUEST', 'ducking must be an array of {ticks, gainDb}');
    for (i = 0; i < list.length; i++) {
      k = list[i];
      if (!k || typeof k !== 'object') throw new HostError('BAD_REQUEST', 'ducking[' + i + '] must be an object');
      if (k.gainDb !== null && (typeof k.gainDb !== 'number' || !isFinite(k.gainDb))) throw new HostError('BAD_REQUEST', 'ducking[' + i + '].gainDb must be a number of dB (null for silence)');
      out[i] = { ticks: requireTicks(k.ticks, 'ducking[' + i + '].ticks', false), gainDb: k.gainDb };
    }
    // The editor's own keys, carried over from the previous clip: written after the ducking (same tick: theirs wins).
    extra = req.editorKeys === undefined || req.editorKeys === null ? [] : req.editorKeys;
    if (!isArray(extra)) throw new HostError('BAD_REQUEST', 'editorKeys must be an array of {ticks, gainDb}');
    for (i = 0; i < extra.length; i++) {
      k = extra[i];
      if (!k || typeof k !== 'object') throw new HostError('BAD_REQUEST', 'editorKeys[' + i + '] must be an object');
      if (k.gainDb !== null && (typeof k.gainDb !== 'number' || !isFinite(k.gainDb))) throw new HostError('BAD_REQUEST', 'editorKeys[' + i + '].gainDb must be a number of dB (null for silence)');
      out[out.length] = { ticks: requireTicks(k.ticks, 'editorKeys[' + i + '].ticks', false), gainDb: k.gainDb, editor: true };
    }
    return out;
  }

  function placeScoreImpl(r, replace) {
    var seq = requireSequence();
    var bin = ensureBin();
    var range = [[r.startTicks, r.startTicks + r.durationTicks]];
    var imp = importOnce(bin, r.wavPath, 'wavPath');
    // On replace, clips of earlier renders (items of the Cuebed bin) also identify our track.
    var t = ensureTrack(seq, SCORE_TRACK, replace ? pathsInBin(bin, [r.wavPath]) : [r.wavPath], range);
    var wanted = normPath(r.wavPath);
    var slack = frameSlack(seq);
    var existing = findClip(t.track, wanted, r.startTicks, slack);
    var removed = [];
    var previousKeys = [];
    var j, c, s, e, clip, keys;
    if (replace) {
      // Every other clip on our track under the new range leaves the track; its project item stays.
      for (j = t.track.clips.numItems - 1; j >= 0; j--) {
        c = t.track.clips[j];
        if (c === existing || (existing && normPath(mediaPathOf(c.projectItem)) === wanted && ticksOf(c.start) === r.startTicks)) continue;
        s = ticksOf(c.start);
        e = ticksOf(c.end);
        if (s < range[0][1] && e > range[0][0]) {
          if (previousKeys.length === 0) previousKeys = readKeys(c);
          removed[removed.length] = { mediaPath: mediaPathOf(c.projectItem), clip: clipInfo(c) };
          c.remove(false, false);
        }
      }
    }
    if (existing) {
      return { alreadyPlaced: true, imported: imp.imported, trackIndex: t.index + 1, trackName: String(t.track.name), trackCreated: t.created, nodeId: String(imp.item.nodeId), clip: clipInfo(existing), keyframes: [], removed: removed, previousKeyframes: previousKeys };
    }
    clip = placeAt(t.track, imp.item, r.wavPath, r.startTicks, 'wavPath', slack);
    try {
      if (r.name) clip.name = r.name;
    } catch (ignored) {}
    keys = writeKeys(clip, r.ducking, r.redraw);
    return { alreadyPlaced: false, imported: imp.imported, trackIndex: t.index + 1, trackName: String(t.track.name), trackCreated: t.created, nodeId: String(imp.item.nodeId), clip: clipInfo(clip), keyframes: keys, removed: removed, previousKeyframes: previousKeys };
  }

  /**
   * More Volume keys for a score placed by an earlier placeScore/replaceScore: a long interview's
   * keys go in several calls of a bounded size, so no single call keeps Premiere (and the panel's
   * wait) busy for minutes. The clip is the one of `wavPath` starting at `startTicks` (within a
   * frame) on the Cuebed track, else on any audio track.
   */
  function addScoreKeysImpl(req) {
    var wavPath = requireString(req.wavPath, 'wavPath');
    var startTicks = requireTicks(req.startTicks, 'startTicks', false);
    var keys = readDuckKeys(req, []);
    var seq = requireSequence();
    var wanted = normPath(wavPath);
    var slack = frameSlack(seq);
    var own = trackByName(seq, SCORE_TRACK);
    var clip = own >= 0 ? findClip(seq.audioTracks[own], wanted, startTicks, slack) : null;
    var i;
    for (i = 0; !clip && i < seq.audioTracks.numTracks; i++) clip = findClip(seq.audioTracks[i], wanted, startTicks, slack);
    if (!clip) throw new HostError('KEYFRAMES_FAILED', 'the score ' + wavPath + ' is no longer at tick ' + tickString(startTicks) + ' in the sequence, so its remaining Volume keys were not written');
    return { keyframes: writeKeys(clip, keys, req.moreKeys !== true) };
  }

  function placeStingersImpl(req) {
    var list = req.stingers;
    var items = [];
    var i, s, seq, bin, t, paths, ranges, out, imp, existing, clip;
    if (!isArray(list) || list.length === 0) throw new HostError('BAD_REQUEST', 'stingers must be a non-empty array of {wavPath, name, startTicks, hitTicks}');
    for (i = 0; i < list.length; i++) {
      s = list[i];
      if (!s || typeof s !== 'object') throw new HostError('BAD_REQUEST', 'stingers[' + i + '] must be an object');
      items[i] = {
        wavPath: requireString(s.wavPath, 'stingers[' + i + '].wavPath'),
        name: s.name === undefined ? 'Cuebed stinger' : requireString(s.name, 'stingers[' + i + '].name'),
        startTicks: requireTicks(s.startTicks, 'stingers[' + i + '].startTicks', false),
        hitTicks: requireTicks(s.hitTicks, 'stingers[' + i + '].hitTicks', false),
        endTicks: s.endTicks === undefined ? null : requireTicks(s.endTicks, 'stingers[' + i + '].endTicks', false)
      };
      if (items[i].hitTicks < items[i].startTicks) throw new HostError('BAD_REQUEST', 'stingers[' + i + '].hitTicks must not be before its startTicks');
      if (items[i].endTicks !== null && items[i].endTicks <= items[i].hitTicks) throw new HostError('BAD_REQUEST', 'stingers[' + i + '].endTicks must be after its hitTicks');
    }
    seq = requireSequence();
    bin = ensureBin();
    paths = [];
    ranges = [];
    out = [];
    for (i = 0; i < items.length; i++) {
      items[i].imp = importOnce(bin, items[i].wavPath, 'stingers[' + i + '].wavPath');
      paths[i] = items[i].wavPath;
      // Without the file's end in the request, reserve start..hit + 10 s for the check.
      ranges[i] = [items[i].startTicks, items[i].endTicks !== null ? items[i].endTicks : items[i].hitTicks + 10 * TICKS_PER_SECOND];
    }
    t = stingerTrack(seq, paths, ranges);
    for (i = 0; i < items.length; i++) {
      s = items[i];
      existing = findClip(t.track, normPath(s.wavPath), s.startTicks, frameSlack(seq));
      clip = existing ? existing : placeAt(t.track, s.imp.item, s.wavPath, s.startTicks, 'stingers[' + i + '].wavPath', frameSlack(seq));
      if (!existing) {
        try {
          clip.name = s.name;
        } catch (ignored) {}
      }
      out[i] = { name: s.name, alreadyPlaced: existing ? true : false, clip: clipInfo(clip), hitTicks: tickString(ticksOf(clip.start) + (s.hitTicks - s.startTicks)) };
    }
    return { trackIndex: t.index + 1, trackName: String(t.track.name), trackCreated: t.created, stingers: out };
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Public API                                                                                  */
  /* ------------------------------------------------------------------------------------------ */

  NS.version = '0.1.0';

  NS.snapshot = function (arg) {
    return guarded(function () {
      return snapshot();
    }, arg);
  };

  NS.placeScore = function (arg) {
    return guarded(function (req) {
      return placeScoreImpl(readScoreRequest(req), false);
    }, arg);
  };

  NS.replaceScore = function (arg) {
    return guarded(function (req) {
      return placeScoreImpl(readScoreRequest(req), true);
    }, arg);
  };

  NS.scoreKeys = function (arg) {
    return guarded(scoreKeysImpl, arg);
  };

  NS.addScoreKeys = function (arg) {
    return guarded(addScoreKeysImpl, arg);
  };

  NS.placeStingers = function (arg) {
    return guarded(placeStingersImpl, arg);
  };

  NS.ping = function (arg) {
    return guarded(function () {
      return { version: NS.version };
    }, arg);
  };

  root.cuebed = NS;
})($);
