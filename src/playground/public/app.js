// The playground page: a Discord channel drawn with @skyra/discord-components-core, talking to the
// local Discord (src/playground/web.ts). Messages arrive as Discord message JSON with their
// Markdown already parsed into a syntax tree; this file maps that tree onto the web components.
import '@skyra/discord-components-core';

const BOT_AVATAR = '/assets/bot-avatar.svg';
const USER_AVATAR = '/assets/user-avatar.svg';
const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'destructive', 5: 'secondary' };
const OPTION = {
  SUB_COMMAND: 1,
  SUB_COMMAND_GROUP: 2,
  STRING: 3,
  INTEGER: 4,
  BOOLEAN: 5,
  USER: 6,
  CHANNEL: 7,
  ROLE: 8,
  NUMBER: 10,
};

const $ = (id) => document.getElementById(id);
const world = { channels: [], roles: [], commands: [], messages: new Map(), samples: [] };
const view = { current: '', persona: 'member', unread: new Set(), notes: [] };

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of [].concat(children)) if (child !== undefined && child !== null) node.append(child);
  return node;
}

async function api(path, body) {
  const res = await fetch(
    path,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
  return data;
}

// ---------------------------------------------------------------------------------------------
// Markdown syntax tree → web components

const channelName = (id) =>
  world.channels.find((c) => c.id === id)?.name ?? (id === world.dmChannelId ? 'pactbot' : 'unknown-channel');
const roleOf = (id) => world.roles.find((r) => r.id === id);
const plain = (nodes) =>
  (nodes ?? [])
    .map((n) =>
      typeof n.content === 'string'
        ? n.content
        : Array.isArray(n.content)
          ? plain(n.content)
          : n.type === 'br'
            ? '\n'
            : '',
    )
    .join('');

const TIME_FORMATS = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'short' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

function markdown(nodes) {
  return (nodes ?? []).map(markdownNode);
}

function markdownNode(node) {
  const inner = () => (Array.isArray(node.content) ? markdown(node.content) : node.content);
  switch (node.type) {
    case 'text':
    case 'emoticon':
    case 'twemoji':
      return document.createTextNode(node.content ?? node.name ?? '');
    case 'br':
    case 'newline':
      return el('br');
    // Native elements: the components' <discord-bold>/<discord-italic> put whitespace around the
    // text in their templates, which would show a space that is not in the source after a quote mark.
    case 'strong':
      return el('strong', {}, inner());
    case 'em':
      return el('em', {}, inner());
    case 'underline':
      return el('u', {}, inner());
    case 'strikethrough':
      return el('s', {}, inner());
    case 'spoiler':
      return el('discord-spoiler', {}, inner());
    case 'inlineCode':
      return el('discord-code', {}, node.content);
    case 'codeBlock':
      return el('discord-code', { multiline: true }, el('pre', {}, node.content));
    case 'blockQuote':
      return el('discord-quote', {}, inner());
    case 'heading':
      return el(`h${Math.min(3, node.level ?? 1) + 1}`, { class: 'md-heading' }, inner());
    case 'subtext':
      return el('small', { class: 'md-subtext' }, inner());
    case 'url':
    case 'autolink':
    case 'link': {
      const href = node.target ?? plain(node.content);
      return /^https?:\/\//i.test(href)
        ? el('discord-link', { href, target: '_blank', rel: 'noopener noreferrer' }, inner())
        : document.createTextNode(plain(node.content));
    }
    case 'user':
      return el(
        'discord-mention',
        { type: 'user' },
        node.id === world.me?.id ? world.me.name : node.id === world.bot?.id ? 'pactbot' : 'someone',
      );
    case 'channel':
      return el('discord-mention', { type: 'channel' }, channelName(node.id));
    case 'role': {
      const role = roleOf(node.id);
      return el(
        'discord-mention',
        { type: 'role', color: role ? `#${role.color.toString(16).padStart(6, '0')}` : undefined },
        role?.name ?? 'deleted-role',
      );
    }
    case 'everyone':
    case 'here':
      return el('discord-mention', { type: 'role' }, node.type);
    case 'timestamp': {
      const date = new Date(Number(node.timestamp) * 1000);
      const text =
        node.format === 'R'
          ? relative(date)
          : new Intl.DateTimeFormat(undefined, TIME_FORMATS[node.format] ?? TIME_FORMATS.f).format(date);
      return el('discord-time', { title: date.toString() }, text);
    }
    default:
      return document.createTextNode(plain([node]));
  }
}

function relative(date) {
  const days = Math.round((date - Date.now()) / 86_400_000);
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(days, 'day');
}

function when(iso) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  return new Date().toDateString() === date.toDateString()
    ? `Today at ${time}`
    : `${date.toLocaleDateString()} ${time}`;
}

// ---------------------------------------------------------------------------------------------
// Messages

function renderEmbed(embed) {
  return el(
    'discord-embed',
    {
      slot: 'embeds',
      color: embed.color,
      'embed-title': embed.title ? plain(embed.title) : undefined,
      url: embed.url && /^https?:\/\//i.test(embed.url) ? embed.url : undefined,
      'author-name': embed.author?.name,
      'author-url': embed.author?.url,
    },
    [
      embed.description.length
        ? el('discord-embed-description', { slot: 'description' }, markdown(embed.description))
        : null,
      embed.fields.length
        ? el(
            'discord-embed-fields',
            { slot: 'fields' },
            embed.fields.map((f) =>
              el('discord-embed-field', { 'field-title': plain(f.name), inline: f.inline }, markdown(f.value)),
            ),
          )
        : null,
      embed.footer || embed.timestamp
        ? el(
            'discord-embed-footer',
            { slot: 'footer', timestamp: embed.timestamp ? when(embed.timestamp) : undefined },
            embed.footer ?? '',
          )
        : null,
    ],
  );
}

function renderComponents(message) {
  if (!message.components.length) return null;
  return el(
    'discord-attachments',
    { slot: 'components' },
    message.components.map((row) =>
      el(
        'discord-action-row',
        {},
        (row.components ?? [])
          .filter((c) => c.type === 2)
          .map((button) =>
            el(
              'discord-button',
              {
                type: BUTTON_STYLES[button.style] ?? 'secondary',
                disabled: Boolean(button.disabled),
                url: button.style === 5 ? button.url : undefined,
                'data-custom-id': button.custom_id,
                onclick:
                  button.style === 5 || button.disabled ? undefined : () => pressButton(message, button.custom_id),
              },
              button.label ?? '',
            ),
          ),
      ),
    ),
  );
}

function renderMessage(message) {
  const bot = message.author.bot;
  const node = el(
    'discord-message',
    {
      'data-id': message.id,
      author: message.author.name,
      avatar: bot ? BOT_AVATAR : USER_AVATAR,
      bot,
      timestamp: when(message.timestamp),
      edited: message.edited && !message.interaction,
      ephemeral: message.ephemeral,
      'data-loading': message.loading || undefined,
    },
    [
      message.interaction
        ? el('discord-command', {
            slot: 'reply',
            author: message.interaction.user ?? 'You',
            avatar: USER_AVATAR,
            command: `/${message.interaction.name}`,
          })
        : null,
      ...(message.loading
        ? [
            el('span', { class: 'thinking' }, [
              `${message.author.name} is thinking`,
              el('span', { class: 'dots' }, '...'),
            ]),
          ]
        : markdown(message.content)),
      ...(message.loading ? [] : message.embeds.map(renderEmbed)),
      message.loading ? null : renderComponents(message),
    ],
  );
  if (message.ephemeral)
    node.dismissMessageClicked = () => api('/playground/dismiss', { messageId: message.id }).catch(() => undefined);
  return node;
}

function renderNote(note) {
  return el(
    'discord-message',
    { author: 'pactbot', avatar: BOT_AVATAR, bot: true, ephemeral: true, timestamp: when(note.at), class: 'note' },
    el('span', { class: 'failed' }, note.text),
  );
}

function renderChannel(container, scroller, channelId) {
  const items = [...world.messages.values()]
    .filter((m) => m.channelId === channelId)
    .map((m) => ({ at: m.timestamp, node: () => renderMessage(m) }));
  for (const note of view.notes.filter((n) => n.channelId === channelId))
    items.push({ at: note.at, node: () => renderNote(note) });
  items.sort((a, b) => a.at.localeCompare(b.at));
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  container.replaceChildren(...(items.length ? items.map((i) => i.node()) : [emptyChannel(channelId)]));
  if (nearBottom || container.dataset.channel !== channelId)
    requestAnimationFrame(() => (scroller.scrollTop = scroller.scrollHeight));
  container.dataset.channel = channelId;
}

function emptyChannel(channelId) {
  const text =
    channelId === world.updatesChannelId
      ? 'Nothing here yet. As a server manager, run /subscribe channel:#updates, then add a document.'
      : channelId === world.dmChannelId
        ? 'Your direct messages with pactbot. /subscribe dm:true sends update posts here.'
        : 'Type / and pick /ask to ask a question about the pact.';
  return el('discord-system-message', { type: 'join', timestamp: when(new Date().toISOString()) }, text);
}

function render() {
  renderChannel($('main-messages'), $('main-scroller'), view.current);
  renderChannel($('updates-messages'), $('updates-scroller'), world.updatesChannelId);
  renderSidebar();
}

function renderSidebar() {
  const item = (id, label, icon, extra = {}) =>
    el(
      'li',
      {
        class: [
          'channel-item',
          id === view.current ? 'active' : '',
          view.unread.has(id) ? 'unread' : '',
          extra.thread ? 'thread' : '',
        ].join(' '),
        'data-channel': id,
        onclick: () => openChannel(id),
      },
      [el('span', { class: 'hash' }, icon), el('span', {}, label)],
    );
  const top = world.channels.filter((c) => c.type !== 11);
  $('channels').replaceChildren(
    ...top.flatMap((c) => [
      item(c.id, c.name, '#'),
      ...world.channels
        .filter((t) => t.type === 11 && t.parentId === c.id)
        .map((t) => item(t.id, t.name, '↳', { thread: true })),
    ]),
  );
  $('dms').replaceChildren(item(world.dmChannelId, 'pactbot', '@'));
}

function openChannel(id) {
  view.current = id;
  view.unread.delete(id);
  const channel = world.channels.find((c) => c.id === id);
  $('main-icon').textContent = channel ? (channel.type === 11 ? '↳' : '#') : '@';
  $('main-title').textContent = channel ? channel.name : 'pactbot';
  $('main-topic').textContent = channel
    ? channel.type === 11
      ? 'A thread in #general'
      : channel.id === world.updatesChannelId
        ? 'Update posts from /subscribe'
        : 'Ask the bot: type / to see its commands'
    : 'Direct messages with the bot';
  $('input').placeholder =
    `Message ${channel ? (channel.type === 11 ? '' : '#') + channel.name : '@pactbot'} — type / for commands`;
  clearComposer();
  render();
}

// ---------------------------------------------------------------------------------------------
// The message box: "/" opens the command list; a picked command's options are filled one at a time

const composer = { entry: null, values: {}, focus: null, items: [], index: 0, requestId: 0 };
const inDm = () => view.current === world.dmChannelId;

function hasPermission(bits) {
  if (!bits) return true;
  const mine = BigInt(world.permissions[view.persona]);
  return (mine & BigInt(bits)) === BigInt(bits);
}

/** Commands as Discord's picker lists them: one entry per subcommand, those you may not use hidden. */
function commandEntries() {
  return world.commands
    .filter((c) => (inDm() ? !c.contexts || c.contexts.includes(1) : hasPermission(c.default_member_permissions)))
    .flatMap((c) => {
      const subs = (c.options ?? []).filter((o) => o.type === OPTION.SUB_COMMAND);
      if (!subs.length) return [{ name: c.name, label: c.name, description: c.description, options: c.options ?? [] }];
      return subs.map((s) => ({
        name: c.name,
        sub: s.name,
        label: `${c.name} ${s.name}`,
        description: s.description,
        options: s.options ?? [],
      }));
    });
}

function clearComposer() {
  Object.assign(composer, { entry: null, values: {}, focus: null, items: [], index: 0 });
  $('input').value = '';
  drawComposer();
  showPopup([]);
}

function optionOf(name) {
  return composer.entry?.options.find((o) => o.name === name);
}

function pickCommand(entry) {
  composer.entry = entry;
  composer.values = {};
  focusOption(entry.options.find((o) => o.required)?.name ?? null);
}

function focusOption(name) {
  composer.focus = name;
  $('input').value = name ? (composer.values[name]?.typed ?? '') : '';
  drawComposer();
  updatePopup();
  $('input').focus();
}

function drawComposer() {
  const { entry, values, focus } = composer;
  $('command-chip').hidden = !entry;
  $('command-chip').textContent = entry ? `/${entry.label}` : '';
  $('option-chips').replaceChildren(
    ...(entry ? entry.options.filter((o) => values[o.name] !== undefined || o.name === focus) : []).map((o) =>
      el(
        'button',
        {
          type: 'button',
          class: `option-chip${o.name === focus ? ' focused' : ''}`,
          'data-option': o.name,
          onclick: () => focusOption(o.name),
        },
        [el('span', { class: 'option-name' }, `${o.name}:`), o.name === focus ? '' : ` ${values[o.name]?.label ?? ''}`],
      ),
    ),
  );
  const rest = entry ? entry.options.filter((o) => values[o.name] === undefined && o.name !== focus) : [];
  $('hint').replaceChildren(
    ...(entry
      ? [
          el('span', {}, optionOf(focus)?.description ?? entry.description),
          ...(rest.length
            ? [
                el('span', { class: 'more-options' }, [
                  ' · Options: ',
                  ...rest.map((o) =>
                    el(
                      'button',
                      {
                        type: 'button',
                        class: 'add-option',
                        'data-option': o.name,
                        onclick: () => focusOption(o.name),
                      },
                      `${o.name}${o.required ? '*' : ''}`,
                    ),
                  ),
                ]),
              ]
            : []),
          el('span', { class: 'send-hint' }, ' · Enter sends'),
        ]
      : []),
  );
  $('input').placeholder = entry
    ? focus
      ? (optionOf(focus)?.description ?? '')
      : 'Press Enter to send, or pick another option'
    : `Message ${inDm() ? '@pactbot' : '#' + channelName(view.current)} — type / for commands`;
}

function showPopup(items, title) {
  composer.items = items;
  composer.index = 0;
  const popup = $('popup');
  popup.hidden = items.length === 0;
  popup.replaceChildren(
    ...(title ? [el('div', { class: 'popup-title' }, title)] : []),
    ...items.map((item, i) =>
      el(
        'div',
        {
          class: `popup-item${i === 0 ? ' selected' : ''}`,
          role: 'option',
          'data-value': item.key,
          onmousedown: (e) => {
            e.preventDefault();
            pick(i);
          },
        },
        [
          el('span', { class: 'popup-name' }, item.label),
          item.detail ? el('span', { class: 'popup-detail' }, item.detail) : null,
        ],
      ),
    ),
  );
}

function moveSelection(step) {
  if (!composer.items.length) return;
  composer.index = (composer.index + step + composer.items.length) % composer.items.length;
  [...$('popup').querySelectorAll('.popup-item')].forEach((n, i) =>
    n.classList.toggle('selected', i === composer.index),
  );
}

function pick(i) {
  const item = composer.items[i];
  if (item) item.pick();
}

function setValue(name, value, label) {
  composer.values[name] = { value, label, typed: label };
  const next = composer.entry.options.find((o) => o.required && composer.values[o.name] === undefined);
  focusOption(next?.name ?? null);
  if (!next) showPopup([]);
}

let autocompleteTimer;
function updatePopup() {
  const text = $('input').value;
  if (!composer.entry) {
    if (!text.startsWith('/')) return showPopup([]);
    const prefix = text.slice(1).trim().toLowerCase();
    const entries = commandEntries().filter(
      (e) => e.label.startsWith(prefix) || e.name.startsWith(prefix.split(' ')[0]),
    );
    return showPopup(
      entries.map((e) => ({ key: e.label, label: `/${e.label}`, detail: e.description, pick: () => pickCommand(e) })),
      'Commands · pactbot',
    );
  }
  const option = optionOf(composer.focus);
  if (!option) return showPopup([]);
  const lower = text.toLowerCase();
  const choose = (list) =>
    list
      .filter((c) => c.label.toLowerCase().includes(lower))
      .map((c) => ({ key: String(c.value), label: c.label, pick: () => setValue(option.name, c.value, c.label) }));
  if (option.type === OPTION.BOOLEAN)
    return showPopup(
      choose([
        { label: 'True', value: true },
        { label: 'False', value: false },
      ]),
      option.name,
    );
  if (option.type === OPTION.CHANNEL) {
    const channels = world.channels.filter((c) => !option.channel_types || option.channel_types.includes(c.type));
    return showPopup(choose(channels.map((c) => ({ label: `#${c.name}`, value: c.id }))), option.name);
  }
  if (option.type === OPTION.ROLE)
    return showPopup(choose(world.roles.map((r) => ({ label: `@${r.name}`, value: r.id }))), option.name);
  if (option.choices)
    return showPopup(choose(option.choices.map((c) => ({ label: c.name, value: c.value }))), option.name);
  if (option.autocomplete) {
    clearTimeout(autocompleteTimer);
    autocompleteTimer = setTimeout(() => askAutocomplete(option, text), 150);
    return;
  }
  showPopup([]);
}

async function askAutocomplete(option, text) {
  const id = ++composer.requestId;
  const options = optionsPayload({ [option.name]: { value: text, focused: true } });
  const { choices } = await api('/playground/autocomplete', {
    channelId: view.current,
    persona: view.persona,
    name: composer.entry.name,
    options,
  }).catch(() => ({ choices: [] }));
  if (id !== composer.requestId || composer.focus !== option.name) return;
  showPopup(
    choices.map((c) => ({ key: String(c.value), label: c.name, pick: () => setValue(option.name, c.value, c.name) })),
    `${option.name} · suggestions from pactbot`,
  );
}

function convert(option, raw) {
  if (option.type === OPTION.INTEGER) return Number.parseInt(raw, 10);
  if (option.type === OPTION.NUMBER) return Number.parseFloat(raw);
  return raw;
}

/** The options as Discord sends them: typed values, the subcommand wrapping them. */
function optionsPayload(extra = {}) {
  const { entry, values } = composer;
  const list = entry.options
    .filter((o) => values[o.name] !== undefined || extra[o.name])
    .map((o) => {
      const given = extra[o.name] ?? values[o.name];
      return {
        name: o.name,
        type: o.type,
        value: extra[o.name] ? given.value : convert(o, given.value),
        ...(given.focused ? { focused: true } : {}),
      };
    });
  return entry.sub ? [{ name: entry.sub, type: OPTION.SUB_COMMAND, options: list }] : list;
}

async function send() {
  const { entry } = composer;
  if (!entry) return;
  // Text typed into a string option counts as its value, as in Discord.
  const missing = entry.options.filter(
    (o) => o.required && (composer.values[o.name] === undefined || composer.values[o.name].value === ''),
  );
  if (missing.length) {
    focusOption(missing[0].name);
    $('hint').prepend(el('span', { class: 'error' }, `${missing.map((o) => o.name).join(', ')} is required · `));
    return;
  }
  const body = { channelId: view.current, persona: view.persona, name: entry.name, options: optionsPayload() };
  clearComposer();
  await api('/playground/command', body).catch((err) => addNote(view.current, `Could not send: ${err.message}`));
}

function onInput() {
  const option = optionOf(composer.focus);
  if (option && [OPTION.STRING, OPTION.INTEGER, OPTION.NUMBER].includes(option.type)) {
    const text = $('input').value;
    if (text === '') delete composer.values[option.name];
    else composer.values[option.name] = { value: text, label: text, typed: text };
  }
  updatePopup();
}

function onKeyDown(event) {
  const popupOpen = !$('popup').hidden && composer.items.length > 0;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (popupOpen) {
      event.preventDefault();
      moveSelection(event.key === 'ArrowDown' ? 1 : -1);
    }
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    if (popupOpen) {
      event.preventDefault();
      pick(composer.index);
      return;
    }
    if (event.key === 'Tab' && composer.entry) {
      event.preventDefault();
      const next = composer.entry.options.find(
        (o) => composer.values[o.name] === undefined && o.name !== composer.focus,
      );
      if (next) focusOption(next.name);
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      void send();
    }
  } else if (event.key === 'Escape') {
    if (popupOpen) showPopup([]);
    else clearComposer();
  } else if (event.key === 'Backspace' && $('input').value === '' && composer.entry) {
    event.preventDefault();
    const filled = composer.entry.options.filter((o) => composer.values[o.name] !== undefined);
    if (composer.focus && composer.values[composer.focus] === undefined && filled.length)
      focusOption(filled.at(-1).name);
    else if (!filled.length) clearComposer();
    else {
      delete composer.values[composer.focus];
      focusOption(composer.focus);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Buttons, samples, live updates

async function pressButton(message, customId) {
  await api('/playground/button', { messageId: message.id, customId, persona: view.persona }).catch((err) =>
    addNote(message.channelId, `Could not press the button: ${err.message}`),
  );
}

function addNote(channelId, text) {
  view.notes.push({ channelId, text, at: new Date().toISOString() });
  render();
}

async function addSample() {
  const file = $('sample').value;
  $('sample-note').textContent = 'Adding…';
  try {
    const added = await api('/playground/samples', { file });
    $('sample-note').textContent =
      `Added “${added.title}”. Subscriptions whose filter matches get an update post in a few seconds.`;
  } catch (err) {
    $('sample-note').textContent = err.message;
  }
}

function listen() {
  const events = new EventSource('/playground/events');
  events.addEventListener('message', (e) => {
    const message = JSON.parse(e.data);
    world.messages.set(message.id, message);
    if (message.channelId !== view.current && message.channelId !== world.updatesChannelId)
      view.unread.add(message.channelId);
    render();
  });
  events.addEventListener('delete', (e) => {
    world.messages.delete(JSON.parse(e.data).id);
    render();
  });
  events.addEventListener('failed', (e) => {
    const { channelId, text } = JSON.parse(e.data);
    addNote(channelId, text);
  });
  events.addEventListener('open', () => void load());
}

async function load() {
  const state = await api('/playground/state');
  Object.assign(world, state, { messages: new Map(state.messages.map((m) => [m.id, m])) });
  $('guild-name').textContent = state.guild.name;
  $('sample').replaceChildren(...state.samples.map((s) => el('option', { value: s.file }, s.title)));
  if (!view.current) openChannel(state.channels[0].id);
  else render();
  document.body.dataset.ready = 'true';
}

$('input').addEventListener('input', onInput);
$('input').addEventListener('keydown', onKeyDown);
// Closed a moment after the box loses focus (a click on a list item lands first), unless it has it again.
$('input').addEventListener('blur', () =>
  setTimeout(() => document.activeElement !== $('input') && showPopup([]), 150),
);
$('input').addEventListener('focus', () => updatePopup());
$('composer').addEventListener('submit', (e) => e.preventDefault());
$('persona').addEventListener('change', (e) => {
  view.persona = e.target.value;
  clearComposer();
});
$('add-sample').addEventListener('click', () => void addSample());
listen();
