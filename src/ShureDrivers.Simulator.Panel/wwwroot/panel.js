// The simulator panel: one EventSource for live state, plain fetch POSTs for changes. No framework, no build step.
'use strict';

const devices = new Map();   // id -> device state (as /api/devices/{id} returns it)
const wire = new Map();      // id -> frames [{seq, ms, dir, text}], the newest last
const meters = new Map();    // id -> SAMPLE values 0..60
const WIRE_KEPT = 200;
let selected = null;         // id of the device in the detail view
let built = null;            // "id/kind" the detail view was built for

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// ---- Changes: POST JSON to the panel; a refusal shows its message. ----

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) { showError(answer.error || response.statusText); return; }
  hideError();
  upsert(answer);
}

function showError(message) { const box = $('#error'); box.textContent = message; box.hidden = false; }
function hideError() { $('#error').hidden = true; }

const channelPath = (id, n) => `/api/devices/${id}/channels/${n}`;
const fault = (id, body) => post(`/api/devices/${id}/faults`, body);

// ---- The device list. ----

function rowFor(device) {
  let item = document.getElementById(`device-${device.id}`);
  if (!item) {
    const button = el('button', { class: 'device-row', type: 'button', 'data-id': device.id, onclick: () => select(device.id) });
    item = el('li', { id: `device-${device.id}` }, button);
    $('#device-list').append(item);
  }
  const button = item.firstChild;
  const state = device.booting ? ['booting', 'rebooting'] : device.faults.silent ? ['silent', 'silent'] : device.controllers.length ? ['connected', `${device.controllers.length} connected`] : ['', 'idle'];
  button.replaceChildren(
    el('span', { text: device.name }),
    el('span', { class: `badge ${state[0]}`, text: state[1] }),
    el('span', { class: 'sub', text: `${device.model} · ${device.control}` }));
  button.setAttribute('aria-label', `${device.name}, ${device.model}, ${device.control}, ${state[1]}`);
  button.setAttribute('aria-current', String(device.id === selected));
  item.dataset.search = `${device.name} ${device.model} ${device.hostName} ${device.control} ${device.mac}`.toLowerCase();
  applyFilter(item);
}

function applyFilter(item) {
  const text = $('#device-filter').value.trim().toLowerCase();
  item.hidden = text.length > 0 && !item.dataset.search.includes(text);
}

function select(id) {
  selected = id;
  history.replaceState(null, '', `#device-${id}`);
  for (const button of document.querySelectorAll('.device-row')) button.setAttribute('aria-current', String(Number(button.dataset.id) === id));
  renderDetail();
}

// ---- The detail view: built once per device, then updated in place (a control being used is left alone). ----

function renderDetail() {
  const device = devices.get(selected);
  const main = $('#detail');
  if (!device) { main.replaceChildren(el('p', { id: 'no-device', text: 'Choose a device.' })); built = null; return; }
  const key = `${device.id}/${device.channelKind}`;
  if (built !== key) { main.replaceChildren(buildDetail(device)); built = key; renderWire(); }
  updateDetail(device);
  renderMeters(device.id);
}

function buildDetail(device) {
  const id = device.id;
  const kind = device.channelKind === 'input' ? 'Input' : 'Output';
  const fragment = document.createDocumentFragment();
  fragment.append(el('h2', { id: 'device-title' }));
  fragment.append(el('dl', { class: 'facts', id: 'facts' }));

  const channels = el('div', { class: 'channels' });
  for (const channel of device.channels) {
    const n = channel.n;
    const prefix = `${kind} ${n}`;
    const set = el('fieldset', { class: 'channel', 'data-channel': n, 'data-testid': `channel-${n}` }, el('legend', { id: `legend-${n}` }));
    const range = el('input', { type: 'range', min: -110, max: 30, step: 0.5, id: `fader-${n}`, 'aria-label': `${prefix} gain fader` });
    range.addEventListener('change', () => post(channelPath(id, n), { gainDb: Number(range.value) }));
    const exact = el('input', { type: 'number', min: -110, max: 30, step: 0.1, id: `gain-input-${n}`, 'aria-label': `${prefix} gain in dB` });
    exact.addEventListener('change', () => post(channelPath(id, n), { gainDb: Number(exact.value) }));
    set.append(
      el('div', { class: 'row' }, el('label', { for: `fader-${n}`, text: 'Gain' }), range),
      el('div', { class: 'row' }, el('label', { for: `gain-input-${n}`, text: 'Exact' }), exact, el('output', { class: 'gain', id: `gain-${n}`, 'data-testid': `gain-${n}`, for: `fader-${n}` })),
      el('div', { class: 'row' }, el('button', { type: 'button', id: `mute-${n}`, 'data-testid': `mute-${n}`, 'aria-pressed': 'false', 'aria-label': `Mute ${prefix.toLowerCase()}`, text: 'Mute',
        onclick: event => post(channelPath(id, n), { muted: event.currentTarget.getAttribute('aria-pressed') !== 'true' }) })));
    if (device.channelKind === 'output') {
      const level = el('select', { id: `level-${n}`, 'aria-label': `${prefix} level` },
        ...['LINE_LVL', 'AUX_LVL', 'MIC_LVL'].map(token => el('option', { value: token, text: token.replace('_LVL', '').toLowerCase() })));
      level.addEventListener('change', () => post(channelPath(id, n), { level: level.value }));
      set.append(el('div', { class: 'row' }, el('label', { for: `level-${n}`, text: 'Level' }), level));
    } else {
      const preamp = el('select', { id: `preamp-${n}`, 'aria-label': `${prefix} preamp gain` },
        ...Array.from({ length: 18 }, (_, i) => el('option', { value: i * 3, text: `${i * 3} dB` })));
      preamp.addEventListener('change', () => post(channelPath(id, n), { preampDb: Number(preamp.value) }));
      const phantom = el('input', { type: 'checkbox', id: `phantom-${n}` });
      phantom.addEventListener('change', () => post(channelPath(id, n), { phantom: phantom.checked }));
      set.append(el('div', { class: 'row' }, el('label', { for: `preamp-${n}`, text: 'Preamp' }), preamp),
        el('div', { class: 'row' }, phantom, el('label', { for: `phantom-${n}`, text: '48 V phantom' })));
    }
    set.append(el('div', { class: 'row' }, el('label', { for: `meter-${n}`, text: 'Meter' }),
      el('meter', { id: `meter-${n}`, 'data-testid': `meter-${n}`, min: 0, max: 60, low: 40, high: 54, optimum: 30, value: 0, 'aria-label': `${prefix} meter` })));
    channels.append(set);
  }
  fragment.append(el('section', { 'aria-labelledby': 'channels-title' }, el('h3', { id: 'channels-title', text: `${kind}s` }), channels));

  fragment.append(el('section', { 'aria-labelledby': 'presets-title' }, el('h3', { id: 'presets-title', text: 'Presets' }), el('ul', { class: 'presets', id: 'presets' },
    ...device.presets.map(p => el('li', { id: `preset-${p.slot}` }, el('span'), el('button', { type: 'button', 'data-testid': `recall-${p.slot}`, 'aria-label': `Recall preset ${p.slot}`, text: 'Recall',
      onclick: () => post(`/api/devices/${id}/preset`, { slot: p.slot }) }))))));

  const silentSeconds = el('input', { type: 'number', id: 'silent-seconds', min: 1, max: 3600, value: 10 });
  const delay = el('input', { type: 'number', id: 'delay-ms', min: 0, max: 10000, step: 50, value: 500 });
  const rejects = device.channels.map(c => {
    const box = el('input', { type: 'checkbox', id: `reject-${c.n}` });
    box.addEventListener('change', () => fault(id, { fault: 'reject-sets', channel: c.n, on: box.checked }));
    return el('span', { class: 'group' }, box, el('label', { for: `reject-${c.n}`, text: `${c.n}` }));
  });
  const refuse = el('input', { type: 'checkbox', id: 'refuse' });
  refuse.addEventListener('change', () => fault(id, { fault: 'refuse-connections', on: refuse.checked }));
  fragment.append(el('section', { 'aria-labelledby': 'faults-title' }, el('h3', { id: 'faults-title', text: 'Faults' }), el('div', { class: 'faults' },
    el('button', { type: 'button', 'data-testid': 'drop-links', text: 'Drop links', onclick: () => fault(id, { fault: 'drop-links' }) }),
    el('button', { type: 'button', 'data-testid': 'reboot', text: 'Reboot', onclick: () => fault(id, { fault: 'reboot' }) }),
    el('span', { class: 'group' }, el('label', { for: 'silent-seconds', text: 'Silent for (s)' }), silentSeconds,
      el('button', { type: 'button', 'data-testid': 'silent', text: 'Go silent', onclick: () => fault(id, { fault: 'silent', seconds: Number(silentSeconds.value) }) })),
    el('span', { class: 'group' }, el('label', { for: 'delay-ms', text: 'Reply delay (ms)' }), delay,
      el('button', { type: 'button', 'data-testid': 'slow', text: 'Set delay', onclick: () => fault(id, { fault: 'slow', milliseconds: Number(delay.value) }) })),
    el('span', { class: 'group', role: 'group', 'aria-label': `Reject SETs on ${kind.toLowerCase()}s` }, el('span', { text: 'Reject SETs on' }), ...rejects),
    el('span', { class: 'group' }, refuse, el('label', { for: 'refuse', text: 'Refuse new connections' })),
    el('button', { type: 'button', 'data-testid': 'clear-faults', text: 'Clear faults', onclick: () => fault(id, { fault: 'clear' }) }))));

  const filter = el('input', { type: 'search', id: 'wire-filter', placeholder: 'AUDIO_GAIN, REP, 2 …' });
  filter.addEventListener('input', renderWire);
  const shows = ['in', 'out'].map(dir => {
    const box = el('input', { type: 'checkbox', id: `wire-${dir}`, checked: true });
    box.addEventListener('change', renderWire);
    return el('span', { class: 'group' }, box, el('label', { for: `wire-${dir}`, text: dir === 'in' ? 'received' : 'sent' }));
  });
  fragment.append(el('section', { 'aria-labelledby': 'wire-title' }, el('h3', { id: 'wire-title', text: 'Wire log (SAMPLE lines feed the meters)' }),
    el('div', { class: 'wire-tools' }, el('label', { for: 'wire-filter', text: 'Filter' }), filter, ...shows),
    el('ol', { id: 'wire', 'aria-label': 'Frames in and out, newest last' })));
  return fragment;
}

function setValue(control, value) {
  // Leave alone what the person is using right now.
  if (document.activeElement === control && control.dataset.touched === 'true') return;
  if (control.type === 'checkbox') control.checked = Boolean(value); else control.value = String(value);
}

function updateDetail(device) {
  const kind = device.channelKind === 'input' ? 'Input' : 'Output';
  $('#device-title').textContent = `${device.name} (${device.model})`;
  const facts = [['Host name', device.hostName], ['MAC', device.mac], ['Control', device.control], ['Dante', device.dante], ['Profile', device.profile],
    ['State', device.booting ? 'rebooting' : device.acceptingConnections ? 'accepting connections' : 'refusing connections'], ['Meter rate', device.meterRate ? `${device.meterRate} ms` : 'off'],
    ['Controllers', device.controllers.length ? `${device.controllers.length}: ${device.controllers.join(', ')}` : 'none']];
  $('#facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { 'data-testid': `fact-${term.toLowerCase().replace(' ', '-')}`, text: value })]));
  for (const channel of device.channels) {
    const n = channel.n;
    $(`#legend-${n}`).textContent = `${kind} ${n}: ${channel.name}`;
    setValue($(`#fader-${n}`), channel.gainDb);
    setValue($(`#gain-input-${n}`), channel.gainDb);
    $(`#gain-${n}`).textContent = `${channel.gainDb.toFixed(1)} dB`;
    const mute = $(`#mute-${n}`);
    mute.setAttribute('aria-pressed', String(channel.muted));
    mute.textContent = channel.muted ? 'Muted' : 'Mute';
    if (channel.level !== undefined) setValue($(`#level-${n}`), channel.level);
    if (channel.preampDb !== undefined) { setValue($(`#preamp-${n}`), channel.preampDb); setValue($(`#phantom-${n}`), channel.phantom); }
  }
  for (const preset of device.presets) {
    const item = $(`#preset-${preset.slot}`);
    item.classList.toggle('active', preset.slot === device.activePreset);
    item.firstChild.textContent = `${preset.slot}. ${preset.name || (preset.stored ? '(unnamed)' : '(empty)')}${preset.slot === device.activePreset ? ' ●' : ''}`;
    item.lastChild.disabled = !preset.stored;
  }
  for (const channel of device.channels) setValue($(`#reject-${channel.n}`), device.faults.rejectSetsOn.includes(channel.n));
  setValue($('#refuse'), device.faults.refuseConnections);
}

function renderMeters(id) {
  if (id !== selected || !built) return;
  const levels = meters.get(id) || [];
  levels.forEach((value, i) => { const meter = $(`#meter-${i + 1}`); if (meter) { meter.value = value; meter.title = `${value - 60} dBFS`; } });
}

function renderWire() {
  const list = $('#wire');
  if (!list) return;
  const text = $('#wire-filter').value.trim().toUpperCase();
  const showIn = $('#wire-in').checked, showOut = $('#wire-out').checked;
  const frames = (wire.get(selected) || []).filter(f => (f.dir === 'in' ? showIn : showOut) && (!text || f.text.toUpperCase().includes(text)));
  list.replaceChildren(...frames.map(f => el('li', { class: f.dir, text: `${(f.ms / 1000).toFixed(3).padStart(9)} ${f.dir === 'in' ? 'in ' : 'out'} ${f.text}` })));
  list.scrollTop = list.scrollHeight;
}

// ---- Live state. ----

function upsert(device) {
  devices.set(device.id, device);
  rowFor(device);
  if (device.id === selected) renderDetail();
}

function addWire(batch) {
  const frames = wire.get(batch.id) || [];
  const last = frames.length ? frames[frames.length - 1].seq : 0;
  for (const frame of batch.frames) if (frame.seq > last) frames.push(frame);
  wire.set(batch.id, frames.slice(-WIRE_KEPT));
  if (batch.id === selected) renderWire();
}

function connect() {
  const source = new EventSource('/api/events');
  const linkState = $('#link-state');
  source.addEventListener('open', () => { linkState.textContent = 'Live'; linkState.className = 'live'; });
  source.addEventListener('error', () => { linkState.textContent = 'Reconnecting to the panel…'; linkState.className = ''; });
  source.addEventListener('hello', event => {
    const hello = JSON.parse(event.data);
    devices.clear();
    wire.clear();
    $('#device-list').replaceChildren();
    for (const device of hello.devices) upsert(device);
    for (const batch of hello.wire) addWire(batch);
    linkState.textContent = `Live · ${hello.devices.length} device${hello.devices.length === 1 ? '' : 's'}`;
    const wanted = Number((location.hash.match(/^#device-(\d+)$/) || [])[1]);
    select(devices.has(wanted) ? wanted : (devices.has(selected) ? selected : hello.devices[0].id));
  });
  source.addEventListener('device', event => upsert(JSON.parse(event.data)));
  source.addEventListener('meters', event => { const m = JSON.parse(event.data); meters.set(m.id, m.levels); renderMeters(m.id); });
  source.addEventListener('wire', event => addWire(JSON.parse(event.data)));
}

document.addEventListener('DOMContentLoaded', () => {
  $('#device-filter').addEventListener('input', () => document.querySelectorAll('#device-list li').forEach(applyFilter));
  // A control counts as in use once the person changes it, until it loses focus.
  document.addEventListener('input', event => { event.target.dataset.touched = 'true'; });
  document.addEventListener('focusout', event => { if (event.target.dataset) delete event.target.dataset.touched; });
  connect();
});
