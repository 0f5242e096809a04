// Woodshed journal player: plays a take, a passage's best take, the session from a clicked
// time or a dragged stretch of the timeline or piano roll, with a small piano-ish WebAudio synth or to the user's own MIDI keyboard (Web MIDI).
// Notes come from /sessions/ID/notes (the library's SessionExcerpt, as `woodshed export`).
// Scheduling is a look-ahead scheduler on the AudioContext clock: a 25 ms timer places every
// note that starts within the next LOOKAHEAD seconds at its exact audio time, so timer jitter
// never reaches the sound. For tests, #player carries data-state, data-scheduled (note-ons
// placed so far) and data-total (notes in what is playing); window.woodshedPlayer the same,
// with the AudioContext's state and clock (audio, audioTime) and the last notes query.
(function () {
  "use strict";
  var LOOKAHEAD = 0.2, TICK_MS = 25, LEAD = 0.08;
  var ui = {
    player: document.getElementById("player"),
    status: document.getElementById("player-status"),
    stop: document.getElementById("player-stop"),
    speed: document.getElementById("player-speed"),
    output: document.getElementById("player-output"),
    midi: document.getElementById("player-midi")
  };
  if (!ui.player) return;
  var listen = document.getElementById("listen");
  var compare = document.getElementById("compare");
  var sessionID = (listen || compare).getAttribute("data-session");

  var ctx = null;
  var midiAccess = null;
  var state = {
    playing: false, label: "", doc: null, events: [], index: 0, from: 0, end: 0, t0: 0, speed: 1,
    timer: 0, output: null, channels: {}, playhead: null
  };
  var counters = { state: "idle", scheduled: 0, total: 0, label: "", audio: "none", audioTime: 0 };
  window.woodshedPlayer = counters;

  function publish() {
    if (ctx) {
      counters.audio = ctx.state;
      counters.audioTime = ctx.currentTime;
    }
    ui.player.setAttribute("data-state", counters.state);
    ui.player.setAttribute("data-scheduled", String(counters.scheduled));
    ui.player.setAttribute("data-total", String(counters.total));
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // --- The synth -----------------------------------------------------------------------
  // A piano-ish synth on AudioContext `c` (the page's, or an OfflineAudioContext to measure it).
  function makeSynth(c) {
    var compressor = c.createDynamicsCompressor();
    compressor.threshold.value = -18;
    compressor.ratio.value = 4;
    var master = c.createGain();
    master.gain.value = 0.8;
    master.connect(compressor);
    compressor.connect(c.destination);
    // A string-like spectrum: harmonics falling off as 1/n^1.6, the even ones a little weaker.
    var n = 24, real = new Float32Array(n), imag = new Float32Array(n);
    for (var h = 1; h < n; h++) imag[h] = Math.pow(h, -1.6) * (h % 2 === 0 ? 0.7 : 1);
    var wave = c.createPeriodicWave(real, imag);
    // 40 ms of noise for the hammer.
    var length = Math.floor(c.sampleRate * 0.04);
    var noise = c.createBuffer(1, length, c.sampleRate);
    var data = noise.getChannelData(0);
    for (var i = 0; i < length; i++) data[i] = (Math.random() * 2 - 1) * (1 - i / length);
    var synth = { voices: [], lastVoice: {} };

    // One note from `start` to `end` (audio seconds): two slightly detuned strings, a bright
    // attack that darkens, a fast then slow decay (longer in the bass), a hammer thump.
    synth.strike = function (key, velocity, start, end) {
      var f = 440 * Math.pow(2, (key - 69) / 12);
      var v = velocity / 127;
      var amp = 0.04 + 0.3 * v * v;
      var low = Math.min(1, Math.max(0, (108 - key) / 87));
      var decay = 0.8 + 4.2 * low;
      var gain = c.createGain();
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(amp, start + 0.004);
      gain.gain.setTargetAtTime(amp * 0.45, start + 0.006, 0.09);
      gain.gain.setTargetAtTime(0, start + 0.3, decay);
      var release = Math.max(end, start + 0.05);
      gain.gain.setTargetAtTime(0, release, 0.07 + 0.08 * low);
      var filter = c.createBiquadFilter();
      filter.type = "lowpass";
      filter.Q.value = 0.4;
      filter.frequency.setValueAtTime(Math.min(18000, f * (4 + 14 * v)), start);
      filter.frequency.setTargetAtTime(Math.min(12000, Math.max(500, f * (1.8 + 2 * v))), start + 0.01, 0.35);
      filter.connect(gain);
      gain.connect(master);
      var stopAt = release + 0.6 + 0.4 * low;
      [-3, 3].forEach(function (cents) {
        var osc = c.createOscillator();
        osc.setPeriodicWave(wave);
        osc.frequency.value = f;
        osc.detune.value = cents;
        osc.connect(filter);
        osc.start(start);
        osc.stop(stopAt);
      });
      var hammer = c.createBufferSource();
      hammer.buffer = noise;
      var band = c.createBiquadFilter();
      band.type = "bandpass";
      band.frequency.value = Math.min(6000, f * 3);
      var thump = c.createGain();
      thump.gain.value = amp * 0.5 * v;
      hammer.connect(band);
      band.connect(thump);
      thump.connect(master);
      hammer.start(start);
      var voice = { gain: gain, end: stopAt };
      // A key struck again damps its string's previous sound.
      var previous = synth.lastVoice[key];
      if (previous && previous.end > start) previous.gain.gain.setTargetAtTime(0, start, 0.03);
      synth.lastVoice[key] = voice;
      synth.voices.push(voice);
      if (synth.voices.length > 256) synth.voices = synth.voices.filter(function (x) { return x.end > c.currentTime; });
    };

    // Every sounding note fades out within ~50 ms from `now`.
    synth.silence = function (now) {
      synth.voices.forEach(function (voice) {
        if (voice.end > now) {
          voice.gain.gain.cancelScheduledValues(now);
          voice.gain.gain.setTargetAtTime(0, now, 0.02);
        }
      });
      synth.voices = [];
      synth.lastVoice = {};
    };
    return synth;
  }

  var synth = null;
  function audio() {
    if (ctx) return ctx;
    var Context = window.AudioContext || window.webkitAudioContext;
    ctx = new Context({ latencyHint: "interactive" });
    synth = makeSynth(ctx);
    return ctx;
  }
  function strike(key, velocity, start, end) { synth.strike(key, velocity, start, end); }

  // For tests and tuning: renders the notes of `query` (a notes query: "take=3") offline, all at
  // once, and resolves to the peak and RMS of the sound (linear, 1 = full scale) and its length.
  counters.render = function (query) {
    return fetchNotes(query).then(function (doc) {
      var first = doc.notes.length ? doc.notes[0][0] : 0;
      var seconds = doc.notes.reduce(function (m, n) { return Math.max(m, n[2]); }, first) - first + 2;
      var offline = new OfflineAudioContext(1, Math.ceil(44100 * seconds), 44100);
      var offlineSynth = makeSynth(offline);
      doc.notes.forEach(function (n) { offlineSynth.strike(n[3], n[4], n[0] - first + 0.01, n[2] - first + 0.01); });
      return offline.startRendering().then(function (buffer) {
        var samples = buffer.getChannelData(0), peak = 0, sum = 0;
        for (var i = 0; i < samples.length; i++) {
          var x = Math.abs(samples[i]);
          if (x > peak) peak = x;
          sum += x * x;
        }
        return { peak: peak, rms: Math.sqrt(sum / samples.length), seconds: seconds, notes: doc.notes.length };
      });
    });
  };

  // --- Web MIDI ------------------------------------------------------------------------
  function send(bytes, audioTime) {
    var when = performance.now() + (audioTime - ctx.currentTime) * 1000;
    try { state.output.send(bytes, when); } catch (e) { showStatus("MIDI: " + e.message); }
  }

  if (ui.midi && navigator.requestMIDIAccess) {
    ui.midi.hidden = false;
    ui.midi.addEventListener("click", function () {
      navigator.requestMIDIAccess({ sysex: false }).then(function (access) {
        midiAccess = access;
        var added = 0;
        access.outputs.forEach(function (output) {
          if (ui.output.querySelector('option[value="' + CSS.escape(output.id) + '"]')) return;
          var option = document.createElement("option");
          option.value = output.id;
          option.textContent = output.name || "MIDI output";
          ui.output.appendChild(option);
          added++;
        });
        if (ui.output.options.length > 1) {
          ui.output.selectedIndex = ui.output.options.length - 1;
          showStatus("Plays to " + ui.output.options[ui.output.selectedIndex].textContent);
        } else {
          showStatus("No MIDI output found: connect the keyboard and try again");
        }
        ui.midi.textContent = added ? "Look for keyboards again" : "Use my MIDI keyboard…";
      }, function () {
        showStatus("MIDI was not allowed; playing with this page's piano");
      });
    });
  }

  function chosenOutput() {
    var id = ui.output.value;
    if (id === "synth" || !midiAccess) return null;
    return midiAccess.outputs.get(id) || null;
  }

  // --- Playing ---------------------------------------------------------------------------
  function showStatus(text) { ui.status.textContent = text; }

  function stop(quiet) {
    if (state.timer) clearInterval(state.timer);
    state.timer = 0;
    if (state.playing && ctx) {
      synth.silence(ctx.currentTime);
      if (state.output) {
        if (state.output.clear) state.output.clear();
        Object.keys(state.channels).forEach(function (channel) {
          state.output.send([0xb0 | channel, 64, 0]);
          state.output.send([0xb0 | channel, 123, 0]);
        });
      }
    }
    state.playing = false;
    counters.state = quiet === true ? counters.state : "stopped";
    publish();
    markPlaying(null);
    hidePlayheads();
    if (quiet !== true) showStatus("Stopped");
  }

  // Plays notes [onset, release, end, key, velocity, channel] (seconds from the session start)
  // from `from`; `pedal` [time, channel, value] goes to a MIDI output (the synth's notes already
  // sound as long as the pedal held them: `end`).
  function play(doc, from, label, playhead) {
    stop(true);
    audio();
    if (ctx.state === "suspended") ctx.resume();
    state.output = chosenOutput();
    state.speed = parseFloat(ui.speed.value) || 1;
    state.from = from;
    state.label = label;
    state.doc = doc;
    state.playhead = playhead;
    state.channels = {};
    var events = [];
    doc.notes.forEach(function (note) {
      if (note[0] < from) return;
      if (state.output) {
        events.push({ t: note[0], on: true, note: note });
        events.push({ t: note[1], bytes: [0x80 | note[5], note[3], 0] });
        state.channels[note[5]] = true;
      } else {
        events.push({ t: note[0], on: true, note: note });
      }
    });
    if (state.output) {
      doc.pedal.forEach(function (p) {
        if (p[0] >= from) events.push({ t: p[0], bytes: [0xb0 | p[1], 64, p[2]] });
      });
    }
    events.sort(function (a, b) { return a.t - b.t || (a.on ? 1 : 0) - (b.on ? 1 : 0); });
    state.events = events;
    state.index = 0;
    state.end = doc.notes.reduce(function (m, n) { return n[0] >= from ? Math.max(m, state.output ? n[1] : n[2]) : m; }, from);
    state.t0 = ctx.currentTime + LEAD;
    state.playing = true;
    counters.state = "playing";
    counters.scheduled = 0;
    counters.total = events.filter(function (e) { return e.on; }).length;
    counters.label = label;
    publish();
    state.timer = setInterval(tick, TICK_MS);
    tick();
    requestAnimationFrame(frame);
  }

  function audioTime(t) { return state.t0 + (t - state.from) / state.speed; }

  function tick() {
    if (!state.playing) return;
    var horizon = ctx.currentTime + (document.hidden ? 1.5 : LOOKAHEAD);
    while (state.index < state.events.length) {
      var event = state.events[state.index];
      var at = audioTime(event.t);
      if (at > horizon) break;
      at = Math.max(at, ctx.currentTime);
      if (event.on) {
        var note = event.note;
        if (state.output) send([0x90 | note[5], note[3], note[4]], at);
        else strike(note[3], note[4], at, audioTime(note[2]));
        counters.scheduled++;
      } else {
        send(event.bytes, at);
      }
      state.index++;
    }
    publish();
    if (state.index >= state.events.length && ctx.currentTime > audioTime(state.end) + 0.3) {
      stop(true);
      counters.state = "done";
      publish();
      showStatus("Played " + state.label);
    }
  }

  function frame() {
    if (!state.playing) return;
    var t = state.from + Math.max(0, ctx.currentTime - state.t0) * state.speed;
    showStatus("▶ " + state.label + " · " + clock(t - state.from) + " / " + clock(state.end - state.from) +
      (state.speed !== 1 ? " · " + ui.speed.options[ui.speed.selectedIndex].textContent : "") +
      (state.output ? " · to " + (state.output.name || "MIDI") : ""));
    if (state.playhead) state.playhead(t);
    requestAnimationFrame(frame);
  }

  // --- Where the music is drawn: playheads and clicks ------------------------------------
  var heads = [];
  function playheadIn(container) {
    var head = container.querySelector(".playhead");
    if (!head) {
      head = document.createElement("div");
      head.className = "playhead";
      container.appendChild(head);
    }
    return head;
  }

  function hidePlayheads() { heads.forEach(function (h) { h.style.display = "none"; }); }

  // A playhead over `svg` (inside `container`) for times from `origin` over `length` seconds.
  function sweep(container, svg, origin, length) {
    var head = playheadIn(container);
    if (heads.indexOf(head) < 0) heads.push(head);
    return function (t) {
      var fraction = (t - origin) / length;
      if (fraction < 0 || fraction > 1) { head.style.display = "none"; return; }
      head.style.display = "block";
      var outer = container.getBoundingClientRect(), box = svg.getBoundingClientRect();
      head.style.left = (box.left - outer.left + fraction * box.width) + "px";
    };
  }

  function sessionPlayheads() {
    var duration = parseFloat(listen.getAttribute("data-duration")) || 1;
    var sweeps = [];
    document.querySelectorAll(".timeline, .roll").forEach(function (container) {
      var svg = container.querySelector("svg");
      if (svg) sweeps.push(sweep(container, svg, 0, duration));
    });
    return function (t) { sweeps.forEach(function (s) { s(t); }); };
  }

  function comparePlayhead(take) {
    var section = compare.querySelector('section[data-take="' + take + '"]');
    if (!section) return null;
    var roll = section.querySelector(".roll");
    var origin = parseFloat(section.getAttribute("data-origin")) || 0;
    return sweep(roll, roll.querySelector("svg"), origin, parseFloat(compare.getAttribute("data-length")) || 1);
  }

  function markPlaying(take) {
    document.querySelectorAll(".playing").forEach(function (el) { el.classList.remove("playing"); });
    if (take === null) return;
    document.querySelectorAll('[data-play-take="' + take + '"]').forEach(function (el) {
      (el.closest(".take") || el).classList.add("playing");
    });
  }

  function fetchNotes(query) {
    counters.query = query;
    return fetch("/sessions/" + sessionID + "/notes?" + query, { credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.error || response.statusText);
          return body;
        });
      });
  }

  // Take `take`, from `from` (seconds of the session; default its first note) up to `to`.
  function playTake(take, from, to) {
    audio();
    if (ctx.state === "suspended") ctx.resume();
    showStatus("Loading take " + take + "…");
    fetchNotes("take=" + encodeURIComponent(take)).then(function (doc) {
      var start = from === undefined ? (doc.notes.length ? doc.notes[0][0] : doc.start) : from;
      if (to !== undefined) doc = { notes: doc.notes.filter(function (n) { return n[0] < to; }), pedal: doc.pedal, label: doc.label };
      var head = compare ? comparePlayhead(take) : sessionPlayheads();
      play(doc, start, doc.label, head);
      markPlaying(take);
    }).catch(function (error) { showStatus("Cannot play: " + error.message); });
  }

  // The session from `from` seconds to `to` (null: to the end).
  function playRange(from, to) {
    audio();
    if (ctx.state === "suspended") ctx.resume();
    showStatus("Loading…");
    var query = "from=" + from.toFixed(3) + (to === null ? "" : "&to=" + to.toFixed(3));
    fetchNotes(query).then(function (doc) {
      play(doc, from, to === null ? "from " + clock(from) : clock(from) + "–" + clock(to), sessionPlayheads());
    }).catch(function (error) { showStatus("Cannot play: " + error.message); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-play-take]");
    if (!button) return;
    event.preventDefault();
    playTake(button.getAttribute("data-play-take"));
  });

  // On the timeline or a piano roll: a click plays from there, a drag plays the stretch dragged over.
  function fractionAt(svg, x) {
    var box = svg.getBoundingClientRect();
    return Math.min(1, Math.max(0, (x - box.left) / box.width));
  }
  var press = null;
  document.addEventListener("pointerdown", function (event) {
    var svg = event.target.closest("svg");
    if (!svg || event.button !== 0) return;
    if (!(svg.closest("[data-play-roll]") && compare) && !(listen && svg.closest(".timeline, .roll"))) return;
    press = { svg: svg, x: event.clientX };
  });
  document.addEventListener("pointerup", function (event) {
    if (!press) return;
    var svg = press.svg, a = fractionAt(svg, press.x), b = fractionAt(svg, event.clientX);
    var dragged = Math.abs(event.clientX - press.x) > 6;
    press = null;
    var from = Math.min(a, b), to = dragged ? Math.max(a, b) : null;
    var roll = svg.closest("[data-play-roll]");
    if (roll && compare) {
      var origin = parseFloat(roll.closest("section").getAttribute("data-origin")) || 0;
      var length = parseFloat(compare.getAttribute("data-length")) || 1;
      playTake(roll.getAttribute("data-play-roll"), origin + from * length, to === null ? undefined : origin + to * length);
    } else {
      var duration = parseFloat(listen.getAttribute("data-duration")) || 1;
      playRange(from * duration, to === null ? null : to * duration);
    }
  });

  ui.stop.addEventListener("click", function () { stop(false); });
  ui.speed.addEventListener("change", function () {
    if (!state.playing) return;
    // Go on from where it is, at the new speed.
    var t = state.from + Math.max(0, ctx.currentTime - state.t0) * state.speed;
    play(state.doc, t, state.label, state.playhead);
  });

  // The compare form asks for exactly two takes.
  var form = listen && listen.querySelector("form");
  if (form) {
    var hint = document.getElementById("compare-hint");
    var boxes = form.querySelectorAll('input[name="take"]');
    var update = function () {
      var ticked = form.querySelectorAll('input[name="take"]:checked').length;
      document.getElementById("compare-button").disabled = ticked !== 2;
      hint.textContent = ticked === 2 ? "" : "tick two takes (" + ticked + " ticked)";
    };
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  ui.player.hidden = false;
  document.body.classList.add("has-player");
  showStatus(compare ? "Play either take, or click a roll to play from there" :
    "Choose a take, or click the timeline or the piano roll to play from there");
  publish();
})();
