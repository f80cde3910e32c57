/**
 * The playground page's side of the local Discord (everything outside `/api` on the same port):
 *
 *   GET  /                       the page; /assets/… its files; /vendor/… the web components (from node_modules)
 *   GET  /playground/state       server, channels, roles, registered commands, messages, samples
 *   GET  /playground/events      Server-Sent Events: messages created/edited/deleted, "did not respond"
 *   POST /playground/command     run a slash command as the visitor → INTERACTION_CREATE to the bot
 *   POST /playground/autocomplete   the bot's autocomplete choices for the focused option
 *   POST /playground/button      press a button on a message
 *   POST /playground/dismiss     dismiss an ephemeral message
 *   POST /playground/samples     copy a sample document into the corpus folder
 *
 * The page sends what a Discord client would; interactions are built here as Discord builds them.
 */
import { createReadStream } from 'node:fs';
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { autocompleteInteraction, buttonInteraction, commandInteraction } from './interactions.js';
import type { MessageEvent } from './local-discord.js';
import { messageView } from './message-view.js';
import { packageRoot, publicDir, samplesDir } from './package-root.js';
import { VISITOR, guildChannels, interactionChannel, memberOf, type PlaygroundWorld } from './world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Discord gives a bot 3 s to answer an interaction before the client says it did not respond. */
const RESPONSE_DEADLINE_MS = 3000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Packages the page imports (through its import map), served from node_modules: nothing from the internet. */
const VENDOR_PACKAGES = [
  '@skyra/discord-components-core',
  '@lit/context',
  '@lit/reactive-element',
  'lit-element',
  'lit-html',
  'lit',
];

const optionSchema: z.ZodType<Json> = z.lazy(() =>
  z.object({
    name: z.string().max(32),
    type: z.number().int().min(1).max(11),
    value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(optionSchema).max(25).optional(),
  }),
);
const persona = z.enum(['member', 'manager']);
const commandSchema = z.object({
  channelId: z.string().regex(/^\d+$/),
  persona,
  name: z.string().max(32),
  options: z.array(optionSchema).max(25),
});
const buttonSchema = z.object({ messageId: z.string(), customId: z.string().max(100), persona });

export interface PageOptions {
  world: PlaygroundWorld;
  corpusDir: string;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function sendJson(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  return true;
}

/** The page may load only from this server: no fonts, images or scripts from anywhere else. */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

async function sendFile(
  res: ServerResponse,
  root: string,
  relative: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
  });
  createReadStream(file).pipe(res);
  return true;
}

/** Sample documents: file name and title (from the front matter). */
export async function listSamples(): Promise<{ file: string; title: string }[]> {
  const files = (await readdir(samplesDir())).filter((f) => f.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(samplesDir(), file), 'utf8');
      const title = /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? file;
      return { file, title };
    }),
  );
}

/**
 * Another web site open in the same browser must not run commands here: actions come as JSON
 * (which a cross-site form cannot send without a preflight this server never grants), addressed
 * to 127.0.0.1 or localhost (not a rebound DNS name), from the page's own origin when the browser says.
 */
function fromThePage(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return false;
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

export function createPageHandler({ world, corpusDir }: PageOptions) {
  const { discord } = world;
  const events = new Set<ServerResponse>();
  const broadcast = (type: string, data: unknown) => {
    for (const res of events) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  discord.on('message', (e: MessageEvent) =>
    broadcast(
      e.action === 'delete' ? 'delete' : 'message',
      e.action === 'delete' ? { id: e.message.id } : messageView(discord, e.message),
    ),
  );

  const channelById = (id: string): Json | undefined =>
    guildChannels(world).find((c) => c.id === id) ?? [...discord.dmChannels.values()].find((c) => c.id === id);

  /** Where the visitor is: a guild channel (with their persona's permissions) or their DM with the bot. */
  function place(channelId: string, who: 'member' | 'manager') {
    const channel = channelById(channelId);
    if (!channel) return undefined;
    const member = memberOf(world, who);
    if (channel.type === 1) return { user: VISITOR, guildId: null, channelId, channel };
    return { user: VISITOR, channelId, ...member, channel: interactionChannel(channel, member.permissions) };
  }

  /** Channel and role options carry `resolved` objects, as Discord sends them. */
  function resolvedFor(options: Json[], permissions: string): Json | undefined {
    const flat = (list: Json[]): Json[] => list.flatMap((o) => [o, ...flat(o.options ?? [])]);
    const channels: Json = {};
    const roles: Json = {};
    for (const o of flat(options)) {
      if (o.type === 7 && channelById(String(o.value)))
        channels[o.value] = interactionChannel(channelById(String(o.value)), permissions);
      if (o.type === 8) {
        const role = discord.guildPayload(world.guildId).roles.find((r: Json) => r.id === o.value);
        if (role) roles[o.value] = role;
      }
    }
    const resolved = {
      ...(Object.keys(channels).length ? { channels } : {}),
      ...(Object.keys(roles).length ? { roles } : {}),
    };
    return Object.keys(resolved).length ? resolved : undefined;
  }

  /** Tells the page when the bot has not answered within Discord's 3 s, as Discord's client does. */
  function watchDeadline(sent: Json, channelId: string): void {
    void discord
      .waitFor((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`, {
        timeout: RESPONSE_DEADLINE_MS,
        since: discord.requests.length,
      })
      .catch(() => broadcast('failed', { channelId, text: 'The application did not respond' }));
  }

  function state() {
    const guild = discord.guildPayload(world.guildId);
    return {
      guild: { id: world.guildId, name: guild.name },
      channels: guildChannels(world).map((c) => ({
        id: c.id,
        name: c.name,
        type: c.type,
        parentId: c.parent_id ?? null,
      })),
      updatesChannelId: world.updatesId,
      dmChannelId: discord.openDmChannel(VISITOR).id,
      roles: guild.roles
        .filter((r: Json) => r.id !== world.guildId)
        .map((r: Json) => ({ id: r.id, name: r.name, color: r.color })),
      me: { id: VISITOR.id, name: VISITOR.global_name },
      bot: { id: discord.botUser.id, name: discord.botUser.username },
      permissions: { member: memberOf(world, 'member').permissions, manager: memberOf(world, 'manager').permissions },
      commands: discord.commands.get(world.guildId) ?? [],
      messages: [...discord.messages.values()].map((m) => messageView(discord, m)),
    };
  }

  const post: Record<string, (body: unknown) => Promise<[number, unknown]>> = {
    '/playground/command': async (body) => {
      const input = commandSchema.parse(body);
      const where = place(input.channelId, input.persona);
      if (!where) return [404, { error: 'unknown channel' }];
      const payload = commandInteraction(discord, { ...where, name: input.name });
      payload.data.options = input.options;
      const resolved = resolvedFor(input.options, 'permissions' in where ? where.permissions : '0');
      if (resolved) payload.data.resolved = resolved;
      watchDeadline(payload, input.channelId);
      discord.sendInteraction(payload);
      return [202, { id: payload.id }];
    },
    '/playground/autocomplete': async (body) => {
      const input = commandSchema.parse(body);
      const where = place(input.channelId, input.persona);
      if (!where) return [404, { error: 'unknown channel' }];
      const payload = autocompleteInteraction(discord, { ...where, name: input.name, options: [] });
      payload.data.options = input.options;
      const since = discord.requests.length;
      discord.sendInteraction(payload);
      await discord
        .waitFor((r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`, {
          timeout: RESPONSE_DEADLINE_MS,
          since,
        })
        .catch(() => undefined);
      return [200, { choices: discord.interactions.get(payload.token)?.choices ?? [] }];
    },
    '/playground/button': async (body) => {
      const input = buttonSchema.parse(body);
      const message = discord.messages.get(input.messageId);
      if (!message) return [404, { error: 'unknown message' }];
      const where = place(message.channel_id, input.persona);
      if (!where) return [404, { error: 'unknown channel' }];
      const payload = buttonInteraction(discord, { ...where, customId: input.customId, message });
      watchDeadline(payload, message.channel_id);
      discord.sendInteraction(payload);
      return [202, { id: payload.id }];
    },
    '/playground/dismiss': async (body) => {
      const { messageId } = z.object({ messageId: z.string() }).parse(body);
      const message = discord.messages.get(messageId);
      if (!message || !((message.flags ?? 0) & 64)) return [404, { error: 'no such ephemeral message' }];
      discord.deleteMessage(messageId);
      return [200, {}];
    },
    '/playground/samples': async (body) => {
      const { file } = z.object({ file: z.string() }).parse(body);
      const sample = (await listSamples()).find((s) => s.file === file);
      if (!sample) return [404, { error: 'unknown sample' }];
      const target = path.join(corpusDir, file);
      if (await stat(target).catch(() => undefined))
        return [409, { error: `${sample.title} is already in the corpus` }];
      await copyFile(path.join(samplesDir(), file), target);
      return [201, { file, title: sample.title }];
    },
  };

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname;
    try {
      if (req.method === 'GET') {
        if (route === '/')
          return sendFile(res, publicDir(), 'index.html', {
            'content-security-policy': PAGE_POLICY,
            'cache-control': 'no-store',
          });
        if (route.startsWith('/assets/'))
          return sendFile(res, publicDir(), decodeURIComponent(route.slice('/assets/'.length)));
        if (route.startsWith('/vendor/')) {
          const rest = decodeURIComponent(route.slice('/vendor/'.length));
          const pkg = VENDOR_PACKAGES.find((p) => rest.startsWith(`${p}/`));
          return pkg ? sendFile(res, path.join(packageRoot(), 'node_modules', pkg), rest.slice(pkg.length + 1)) : false;
        }
        if (route === '/playground/state') return sendJson(res, 200, { ...state(), samples: await listSamples() });
        if (route === '/playground/events') {
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-store',
            connection: 'keep-alive',
          });
          res.write(': connected\n\n');
          events.add(res);
          req.on('close', () => events.delete(res));
          return true;
        }
        return false;
      }
      const handler = req.method === 'POST' ? post[route] : undefined;
      if (!handler) return false;
      if (!fromThePage(req)) return sendJson(res, 403, { error: 'only the playground page may do this' });
      const [status, body] = await handler(await readJson(req));
      return sendJson(res, status, body);
    } catch (err) {
      return sendJson(res, 400, { error: err instanceof z.ZodError ? 'malformed request' : (err as Error).message });
    }
  };
}
