/**
 * The local Discord on 127.0.0.1 (the playground's, and the tests' stand-in): the REST API under `/api/v10` and the gateway on the same
 * port, enough for a real discord.js client to log in, receive interactions and answer them.
 * Every REST request is recorded (method, path, query, body, headers) for assertions, and any
 * request can be made to fail once (or n times) with a Discord-style JSON error.
 *
 *   const discord = await DiscordStandIn.start();
 *   // client: new Client({ rest: { api: discord.apiUrl }, ... }); client.login(discord.token)
 *   const sent = discord.sendInteraction(commandInteraction(discord, { name: 'ask', options: [...] }));
 *   const edit = await discord.waitFor((r) => r.method === 'PATCH' && r.path.includes(sent.token));
 *
 * Routes are a table (`routes`): add one with `route(method, pattern, handler)`; patterns are
 * paths after `/api/v10` with `:param` segments (`/channels/:channelId/messages`).
 */
import { EventEmitter } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { shardOfGuild } from '../shard.js';
import { snowflake } from './snowflake.js';

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The route pattern that answered, or `injected` / `unhandled`. */
  route: string;
  params: Record<string, string>;
  status: number;
  at: number;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

/** The `:name` parameters of a route pattern: `'/channels/:channelId/messages/:messageId'` → `'channelId' | 'messageId'`. */
export type RouteParams<P extends string> = P extends `${string}:${infer K}/${infer Rest}`
  ? K | RouteParams<Rest>
  : P extends `${string}:${infer K}`
    ? K
    : never;

/** Answers a request to a route; `req.params` holds each `:name` of the route's pattern (`K`). */
export type RouteHandler<K extends string = string> = (
  req: RecordedRequest & { params: Record<K, string> },
  standin: DiscordStandIn,
) => RouteResult | Promise<RouteResult>;

export interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  handler: RouteHandler;
}

export interface InjectedError {
  method?: string;
  /** Exact path (after /api/v10), a route pattern with :params, or a RegExp tested on the path. */
  path: string | RegExp;
  status: number;
  /** Discord's JSON error code, e.g. 10015 Unknown Webhook, 10062 Unknown Interaction. */
  code?: number;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface StandInOptions {
  guilds?: string[];
  applicationId?: string;
  token?: string;
  /** The first guild's name (default "Guild NNNN"). */
  guildName?: string;
  /** More roles of the first guild, besides @everyone. */
  roles?: Json[];
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
}

/** A message the bot created, edited or deleted (`message` event), for the playground page. */
export interface MessageEvent {
  action: 'create' | 'update' | 'delete';
  message: Json;
}

/** Answers HTTP requests outside `/api` (the playground's page); returns false to fall through to a 404. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const THREAD_TYPES = new Set([10, 11, 12]);

/** A gateway connection's `[shard_id, shard_count]`, as sent in IDENTIFY. */
type Shard = [number, number];

/** The shard an IDENTIFY asked for; `[0, 1]` (every guild) when it names none or an impossible one. */
function identifiedShard(value: unknown): Shard {
  if (!Array.isArray(value) || value.length !== 2) return [0, 1];
  const [id, count] = [Number(value[0]), Number(value[1])];
  return Number.isInteger(id) && Number.isInteger(count) && id >= 0 && count >= 1 && id < count ? [id, count] : [0, 1];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function compile(pattern: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), keys };
}

export class DiscordStandIn extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly routes: Route[] = [];
  readonly injected: (InjectedError & { remaining: number })[] = [];
  /** Gateway IDENTIFY / RESUME payloads received. */
  readonly identifies: Json[] = [];
  readonly resumes: Json[] = [];
  /** Messages the bot created or edited, by id. */
  readonly messages = new Map<string, Json>();
  /**
   * Interactions sent, by token: the payload, the id of its original response message, and the ids of
   * the shards it was dispatched to (its guild's shard; shard 0 for a DM).
   */
  readonly interactions = new Map<
    string,
    { payload: Json; originalId?: string; choices?: Json[]; shards?: number[] }
  >();
  /** DM channels the bot opened, by recipient user id (Discord returns the same one each time). */
  readonly dmChannels = new Map<string, Json>();
  /** Registered application commands by scope (`global` or a guild id). */
  readonly commands = new Map<string, Json[]>();
  /** Guild ids; the first is the one `channelId`, `roles` and `extraChannels` belong to. */
  readonly guilds: [string, ...string[]];
  readonly applicationId: string;
  readonly token: string;
  readonly botUser: Json;
  readonly channelId = snowflake();
  /**
   * More channels of the first guild, by id (`addChannel`): sent in GUILD_CREATE and answered by
   * `GET /channels/:id`. Forum channels (type 15) take `POST /channels/:id/threads`.
   */
  readonly extraChannels = new Map<string, Json>();
  /** The first guild's system channel (where a bot may post notices), if any. */
  systemChannelId: string | null = null;
  /** Threads (forum posts) the bot created, by id. */
  readonly threads = new Map<string, Json>();
  /** Deferred replies still "thinking" (ids of their messages), until the bot edits them. */
  readonly loading = new Set<string>();
  /** Extra roles of the first guild. */
  readonly roles: Json[];
  readonly guildName?: string;
  private webHandler?: WebHandler;
  private readonly requestedPort: number;
  private readonly sockets = new Set<WebSocket>();
  /** The `[id, count]` each connection identified (or resumed) as; a socket not yet identified gets no events. */
  private readonly socketShards = new Map<WebSocket, Shard>();
  /** Live sessions by id, with their shard, so a RESUME keeps the shard it identified as. */
  private readonly sessions = new Map<string, Shard>();
  private seq = 0;
  private server!: Server;
  private wss!: WebSocketServer;
  port = 0;

  private constructor(options: StandInOptions) {
    super();
    const [firstGuild = snowflake(), ...moreGuilds] = options.guilds ?? [];
    this.guilds = [firstGuild, ...moreGuilds];
    this.applicationId = options.applicationId ?? snowflake();
    this.token = options.token ?? `${Buffer.from(this.applicationId).toString('base64url')}.GstAnd.${'x'.repeat(38)}`;
    this.botUser = {
      id: this.applicationId,
      username: 'pactbot',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0,
    };
    this.roles = options.roles ?? [];
    this.guildName = options.guildName;
    this.requestedPort = options.port ?? 0;
    this.installDefaultRoutes();
  }

  static async start(options: StandInOptions = {}): Promise<DiscordStandIn> {
    const standin = new DiscordStandIn(options);
    await standin.listen();
    return standin;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  // -------------------------------------------------------------------------------------------
  // REST

  /** Adds a route; later additions win over the defaults (they are checked first). */
  route<P extends string>(method: string, pattern: P, handler: RouteHandler<RouteParams<P>>): this {
    // A route runs only when its pattern matched, and then `params` holds every `:name` of the pattern.
    this.routes.unshift({ method: method.toUpperCase(), pattern, handler, ...compile(pattern) });
    return this;
  }

  /** The next `times` (default 1) requests matching fail with `status` and a Discord JSON error. */
  injectError(error: InjectedError): this {
    this.injected.push({ ...error, remaining: error.times ?? 1 });
    return this;
  }

  private takeInjected(method: string, path: string): InjectedError | undefined {
    const e = this.injected.find((e) => {
      if (e.remaining <= 0 || (e.method && e.method.toUpperCase() !== method)) return false;
      if (e.path instanceof RegExp) return e.path.test(path);
      return e.path === path || (e.path.includes(':') && compile(e.path).regex.test(path));
    });
    if (!e) return undefined;
    e.remaining -= 1;
    if (e.remaining <= 0) this.injected.splice(this.injected.indexOf(e), 1);
    return e;
  }

  /** `/api/…` is Discord's REST API; anything else goes to the web handler, if one is set. */
  private async dispatchHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const isApi = /^\/api(\/|$)/.test(req.url ?? '/');
    if (!isApi && this.webHandler && (await this.webHandler(req, res))) return;
    await this.handleHttp(req, res);
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Json = raw;
    if (raw && (req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    } else if (raw && (req.headers['content-type'] ?? '').includes('multipart/form-data')) {
      const json = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw)?.[1];
      body = json !== undefined ? JSON.parse(json) : raw;
    } else if (!raw) body = undefined;

    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '') || '/';
    const recorded: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      route: 'unhandled',
      params: {},
      status: 0,
      at: Date.now(),
    };

    let result: RouteResult;
    const injected = this.takeInjected(method, path);
    if (injected) {
      recorded.route = 'injected';
      result = {
        status: injected.status,
        body: {
          message: injected.message ?? `${injected.status}: injected error`,
          code: injected.code ?? 0,
          ...(injected.status === 429 ? { retry_after: 0.05, global: false } : {}),
        },
      };
    } else {
      const route = this.routes.find((r) => r.method === method && r.regex.test(path));
      if (route) {
        const m = route.regex.exec(path)!;
        recorded.route = route.pattern;
        // Each key's group is `([^/]+)`, never empty in a match.
        recorded.params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? '')]));
        try {
          result = await route.handler(recorded, this);
        } catch (err) {
          result = { status: 500, body: { message: `stand-in error: ${(err as Error).message}`, code: 0 } };
        }
      } else {
        result = { status: 404, body: { message: '404: Not Found', code: 0 } };
      }
    }
    recorded.status = result.status;
    this.requests.push(recorded);
    this.emit('request', recorded);

    const headers: Record<string, string> = {};
    if (result.status === 429) {
      headers['retry-after'] = '0.05';
      headers['x-ratelimit-scope'] = 'user';
    }
    if (result.body === undefined || result.status === 204) {
      res.writeHead(result.status, headers).end();
    } else {
      res.writeHead(result.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    }
  }

  /** Serves requests outside `/api` (the playground's page and its endpoints). */
  serveWeb(handler: WebHandler): this {
    this.webHandler = handler;
    return this;
  }

  /** Resolves with the first recorded request (from `since` on) matching; rejects after `timeout` ms. */
  waitFor(
    predicate: (req: RecordedRequest) => boolean,
    options: { timeout?: number; since?: number } = {},
  ): Promise<RecordedRequest> {
    const { timeout = 5000, since = 0 } = options;
    const found = this.requests.slice(since).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onRequest = (req: RecordedRequest) => {
        if (!predicate(req)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(req);
      };
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        const seen = this.requests.slice(since).map((r) => `${r.method} ${r.path} → ${r.status}`);
        reject(new Error(`waitFor timed out after ${timeout} ms; requests since: ${seen.join(', ') || 'none'}`));
      }, timeout);
      this.on('request', onRequest);
    });
  }

  /** Recorded requests carrying a message body sent by the bot (replies, followups, edits, posts). */
  messageRequests(since = 0): RecordedRequest[] {
    return this.requests.slice(since).filter((r) => {
      if (r.route === '/interactions/:id/:token/callback') return [4, 7].includes(r.body?.type);
      return ['POST', 'PATCH'].includes(r.method) && /^\/(webhooks|channels)\//.test(r.path);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  private storeMessage(data: Json, extra: Json, loading = false): Json {
    const message = {
      id: snowflake(),
      type: 0,
      channel_id: this.channelId,
      author: this.botUser,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...extra,
      ...pickMessageFields(data),
    };
    this.messages.set(message.id, message);
    if (loading) this.loading.add(message.id);
    this.emit('message', { action: 'create', message } satisfies MessageEvent);
    return message;
  }

  private editMessage(id: string, data: Json): Json | undefined {
    const message = this.messages.get(id);
    if (!message) return undefined;
    Object.assign(message, pickMessageFields(data), { edited_timestamp: new Date().toISOString() });
    this.loading.delete(id);
    this.emit('message', { action: 'update', message } satisfies MessageEvent);
    return message;
  }

  /** Messages the bot posted in a channel (a DM channel from `dmChannel(userId)` included), oldest first. */
  channelMessages(channelId: string): Json[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** Adds a channel to the first guild (before the bot connects, so GUILD_CREATE carries it). */
  addChannel(channel: { type: number; name?: string; id?: string; parentId?: string }): string {
    const id = channel.id ?? snowflake();
    this.extraChannels.set(id, {
      id,
      type: channel.type,
      guild_id: this.guilds[0],
      name: channel.name ?? `channel-${id.slice(-4)}`,
      position: this.extraChannels.size + 1,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      parent_id: channel.parentId ?? null,
      ...(THREAD_TYPES.has(channel.type)
        ? {
            owner_id: this.applicationId,
            message_count: 0,
            member_count: 1,
            thread_metadata: {
              archived: false,
              auto_archive_duration: 10080,
              archive_timestamp: new Date().toISOString(),
              locked: false,
            },
          }
        : {}),
      ...(channel.type === 15
        ? {
            available_tags: [],
            default_reaction_emoji: null,
            default_sort_order: null,
            default_forum_layout: 0,
            flags: 0,
          }
        : {}),
    });
    return id;
  }

  /** Deletes a message the bot sent (as the bot, or as the user dismissing an ephemeral one). */
  deleteMessage(id: string): boolean {
    const message = this.messages.get(id);
    if (!message) return false;
    this.messages.delete(id);
    this.loading.delete(id);
    this.emit('message', { action: 'delete', message } satisfies MessageEvent);
    return true;
  }

  /** The DM channel between the bot and a user, opened now if there is none yet (Discord keeps one per pair). */
  openDmChannel(user: { id: string; username?: string; global_name?: string | null }): Json {
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      channel = {
        id: snowflake(),
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: [
          {
            id: user.id,
            username: user.username ?? `user${user.id.slice(-4)}`,
            discriminator: '0',
            global_name: user.global_name ?? null,
            avatar: null,
          },
        ],
      };
      this.dmChannels.set(user.id, channel);
    }
    return channel;
  }

  /** The DM channel the bot opened with a user, if any. */
  dmChannel(userId: string): Json | undefined {
    return this.dmChannels.get(userId);
  }

  /** The original response message of an interaction, as the bot last left it. */
  originalMessage(token: string): Json | undefined {
    const id = this.interactions.get(token)?.originalId;
    return id ? this.messages.get(id) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Gateway

  /**
   * Dispatches INTERACTION_CREATE as Discord does: only to the shard owning its guild
   * (`(guild_id >> 22) % count`), a DM to shard 0; returns the payload.
   */
  sendInteraction<T extends { token: string; guild_id?: string }>(payload: T): T {
    const shard = payload.guild_id ? (count: number) => shardOfGuild(payload.guild_id!, count) : () => 0;
    const targets = [...this.socketShards].filter(([, [id, count]]) => id === shard(count));
    this.interactions.set(payload.token, { payload, shards: [...new Set(targets.map(([, [id]]) => id))] });
    for (const [socket] of targets) this.send(socket, { op: 0, t: 'INTERACTION_CREATE', s: ++this.seq, d: payload });
    return payload;
  }

  dispatch(t: string, d: Json): void {
    for (const socket of this.sockets) this.send(socket, { op: 0, t, s: ++this.seq, d });
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Drops every gateway connection (code 4000, resumable), as Discord sometimes does. */
  disconnectAll(code = 4000): void {
    for (const socket of this.sockets) socket.close(code, 'stand-in disconnect');
  }

  private send(socket: WebSocket, payload: Json): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }

  private onGateway(socket: WebSocket, req: IncomingMessage): void {
    this.sockets.add(socket);
    this.emit('gateway', { url: req.url });
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.socketShards.delete(socket);
    });
    socket.on('message', (raw) => {
      let packet: Json;
      try {
        const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
        packet = JSON.parse(bytes.toString('utf8'));
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      switch (packet.op) {
        case 1: // heartbeat
          this.send(socket, { op: 11 });
          break;
        case 2: // identify
          this.identifies.push(packet.d);
          this.emit('identify', packet.d);
          if (packet.d?.token !== this.token) {
            socket.close(4004, 'Authentication failed.');
            return;
          }
          this.sendReady(socket, identifiedShard(packet.d?.shard));
          break;
        case 6: {
          // resume
          this.resumes.push(packet.d);
          const shard = this.sessions.get(packet.d?.session_id);
          if (!shard) {
            this.send(socket, { op: 9, d: false });
            break;
          }
          this.socketShards.set(socket, shard);
          this.send(socket, { op: 0, t: 'RESUMED', s: ++this.seq, d: {} });
          break;
        }
        default:
          break;
      }
    });
    this.send(socket, { op: 10, d: { heartbeat_interval: 41250 } });
  }

  /** READY and one GUILD_CREATE per guild of this shard, as Discord splits guilds between shards. */
  private sendReady(socket: WebSocket, shard: Shard): void {
    const sessionId = `session-${snowflake()}`;
    this.sessions.set(sessionId, shard);
    this.socketShards.set(socket, shard);
    const guilds = this.guilds.filter((id) => shardOfGuild(id, shard[1]) === shard[0]);
    this.send(socket, {
      op: 0,
      t: 'READY',
      s: ++this.seq,
      d: {
        v: 10,
        user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
        guilds: guilds.map((id) => ({ id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: this.gatewayUrl,
        shard,
        application: { id: this.applicationId, flags: 0 },
        user_settings: {},
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        _trace: ['discord-standin'],
      },
    });
    for (const id of guilds) this.send(socket, { op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: this.guildPayload(id) });
  }

  guildPayload(id: string): Json {
    return {
      id,
      name: id === this.guilds[0] && this.guildName ? this.guildName : `Guild ${id.slice(-4)}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id,
          name: '@everyone',
          color: 0,
          hoist: false,
          position: 0,
          permissions: '2248473465835073',
          managed: false,
          mentionable: false,
          flags: 0,
        },
        ...(id === this.guilds[0] ? this.roles : []),
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: id === this.guilds[0] ? this.systemChannelId : null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      channels: [
        {
          id: this.channelId,
          type: 0,
          name: 'general',
          position: 0,
          permission_overwrites: [],
          parent_id: null,
          nsfw: false,
          topic: null,
        },
        ...(id === this.guilds[0] ? [...this.extraChannels.values()].filter((c) => !THREAD_TYPES.has(c.type)) : []),
      ],
      // Active threads arrive in `threads`, not `channels`, as from Discord.
      threads: id === this.guilds[0] ? [...this.extraChannels.values()].filter((c) => THREAD_TYPES.has(c.type)) : [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.dispatchHttp(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err), code: 0 }));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGateway(ws, req));
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.requestedPort, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------
  // Default routes

  private installDefaultRoutes(): void {
    const r = <P extends string>(method: string, pattern: P, handler: RouteHandler<RouteParams<P>>) =>
      this.route(method, pattern, handler);
    const ok = (body?: unknown): RouteResult => ({ status: body === undefined ? 204 : 200, body });
    const notFound = (code: number, message: string): RouteResult => ({ status: 404, body: { message, code } });

    r('GET', '/gateway', () => ok({ url: this.gatewayUrl }));
    r('GET', '/gateway/bot', (req) =>
      req.headers.authorization !== `Bot ${this.token}`
        ? { status: 401, body: { message: '401: Unauthorized', code: 0 } }
        : ok({
            url: this.gatewayUrl,
            shards: 1,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
          }),
    );
    r('GET', '/users/@me', () => ok(this.botUser));
    r('GET', '/applications/@me', () =>
      ok({
        id: this.applicationId,
        name: 'pactbot',
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        flags: 0,
        bot: this.botUser,
      }),
    );

    // Interactions
    r('POST', '/interactions/:id/:token/callback', (req) => {
      const { token, id } = req.params;
      const known = this.interactions.get(token);
      if (!known || known.payload.id !== id) return notFound(10062, 'Unknown interaction');
      const type = req.body?.type;
      const data = req.body?.data ?? {};
      let message: Json;
      if (type === 4 || type === 5) {
        message = this.storeMessage(
          type === 4 ? data : { flags: data.flags ?? 0 },
          {
            type: known.payload.type === 2 ? 20 : 0,
            channel_id: known.payload.channel_id ?? this.channelId,
            ...(known.payload.type === 2
              ? {
                  interaction: {
                    id,
                    type: 2,
                    name: commandPath(known.payload.data),
                    user: known.payload.member?.user ?? known.payload.user,
                  },
                }
              : {}),
            webhook_id: this.applicationId,
            application_id: this.applicationId,
            interaction_metadata: {
              id,
              type: known.payload.type,
              user: known.payload.member?.user ?? known.payload.user,
              authorizing_integration_owners: known.payload.authorizing_integration_owners ?? {},
              ...(known.payload.type === 3 ? { interacted_message_id: known.payload.message?.id } : {}),
            },
          },
          type === 5,
        );
        known.originalId = message.id;
      } else if (type === 8) {
        known.choices = data.choices ?? [];
        this.emit('autocomplete', { token, choices: known.choices });
      } else if (type === 7 || type === 6) {
        const target = known.payload.message?.id;
        if (target) {
          message = type === 7 ? this.editMessage(target, data) : this.messages.get(target);
          known.originalId = target;
        }
      }
      if (req.query.with_response === 'true') {
        return ok({
          interaction: {
            id,
            type: known.payload.type,
            response_message_id: message?.id,
            response_message_loading: type === 5,
            response_message_ephemeral: Boolean((message?.flags ?? 0) & 64),
          },
          resource: message ? { type, message } : { type },
        });
      }
      return ok();
    });
    const original = (req: RecordedRequest & { params: Record<'token' | 'messageId', string> }): Json | undefined => {
      const known = this.interactions.get(req.params.token);
      if (!known) return undefined;
      const id = req.params.messageId === '@original' ? known.originalId : req.params.messageId;
      return id ? this.messages.get(id) : undefined;
    };
    r('GET', '/webhooks/:appId/:token/messages/:messageId', (req) => {
      const m = original(req);
      return m ? ok(m) : notFound(10008, 'Unknown Message');
    });
    r('PATCH', '/webhooks/:appId/:token/messages/:messageId', (req) => {
      if (!this.interactions.has(req.params.token)) return notFound(10015, 'Unknown Webhook');
      const m = original(req);
      return m ? ok(this.editMessage(m.id, req.body)) : notFound(10008, 'Unknown Message');
    });
    r('DELETE', '/webhooks/:appId/:token/messages/:messageId', (req) => {
      const m = original(req);
      if (!m) return notFound(10008, 'Unknown Message');
      this.deleteMessage(m.id);
      return ok();
    });
    r('POST', '/webhooks/:appId/:token', (req) => {
      if (!this.interactions.has(req.params.token)) return notFound(10015, 'Unknown Webhook');
      const known = this.interactions.get(req.params.token)!;
      return ok(
        this.storeMessage(req.body ?? {}, {
          webhook_id: this.applicationId,
          application_id: this.applicationId,
          channel_id: known.payload.channel_id ?? this.channelId,
        }),
      );
    });

    // Commands
    const putCommands = (scope: string, body: Json[]): RouteResult => {
      const registered = (body ?? []).map((c: Json) => ({
        id: this.commands.get(scope)?.find((o) => o.name === c.name)?.id ?? snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        type: 1,
        ...(scope === 'global' ? {} : { guild_id: scope }),
        ...c,
      }));
      this.commands.set(scope, registered);
      return ok(registered);
    };
    r('PUT', '/applications/:appId/commands', (req) => putCommands('global', req.body));
    r('PUT', '/applications/:appId/guilds/:guildId/commands', (req) => putCommands(req.params.guildId, req.body));
    r('GET', '/applications/:appId/commands', () => ok(this.commands.get('global') ?? []));
    r('GET', '/applications/:appId/guilds/:guildId/commands', (req) => ok(this.commands.get(req.params.guildId) ?? []));

    // Channels and DMs
    r('POST', '/users/@me/channels', (req) => {
      const recipient = String(req.body?.recipient_id ?? '');
      if (!/^\d{17,20}$/.test(recipient)) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      return ok(this.openDmChannel({ id: recipient }));
    });
    r('GET', '/channels/:channelId', (req) => {
      const dm = [...this.dmChannels.values()].find((c) => c.id === req.params.channelId);
      if (dm) return ok(dm);
      const extra = this.extraChannels.get(req.params.channelId) ?? this.threads.get(req.params.channelId);
      if (extra) return ok(extra);
      return ok({
        id: req.params.channelId,
        type: 0,
        guild_id: this.guilds[0],
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        topic: null,
        parent_id: null,
      });
    });
    r('POST', '/channels/:channelId/messages', (req) => {
      // enforce_nonce: a message with the same nonce already created there is returned, not repeated.
      if (req.body?.enforce_nonce && req.body?.nonce !== undefined) {
        const same = this.channelMessages(req.params.channelId).find((m) => m.nonce === req.body.nonce);
        if (same) return ok(same);
      }
      const message = this.storeMessage(req.body ?? {}, { channel_id: req.params.channelId });
      if (req.body?.nonce !== undefined) message.nonce = req.body.nonce;
      return ok(message);
    });
    // Forum / media channels: a new post is a thread with a first message.
    r('POST', '/channels/:channelId/threads', (req) => {
      const parent = this.extraChannels.get(req.params.channelId);
      if (!parent || ![15, 16].includes(parent.type) || !req.body?.message) {
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      }
      const id = snowflake();
      const message = this.storeMessage(req.body.message, { id, channel_id: id });
      const thread = {
        id,
        type: 11,
        guild_id: parent.guild_id,
        parent_id: parent.id,
        name: req.body.name,
        owner_id: this.applicationId,
        message_count: 1,
        member_count: 1,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 4320,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
        message,
      };
      this.threads.set(id, thread);
      return { status: 201, body: thread };
    });
    r('GET', '/guilds/:guildId', (req) =>
      this.guilds.includes(req.params.guildId)
        ? ok(this.guildPayload(req.params.guildId))
        : notFound(10004, 'Unknown Guild'),
    );
    r('GET', '/channels/:channelId/messages/:messageId', (req) => {
      const m = this.messages.get(req.params.messageId);
      return m ? ok(m) : notFound(10008, 'Unknown Message');
    });
    r('PATCH', '/channels/:channelId/messages/:messageId', (req) => {
      const m = this.editMessage(req.params.messageId, req.body);
      return m ? ok(m) : notFound(10008, 'Unknown Message');
    });
    r('DELETE', '/channels/:channelId/messages/:messageId', (req) => {
      if (!this.deleteMessage(req.params.messageId)) return notFound(10008, 'Unknown Message');
      return ok();
    });
  }
}

/** "corpus add" for a subcommand, as Discord names the command a message answers. */
function commandPath(data: Json): string {
  const sub = (data?.options ?? []).find((o: Json) => o.type === 1 || o.type === 2);
  if (!sub) return data?.name ?? '';
  const inner = sub.type === 2 ? (sub.options ?? []).find((o: Json) => o.type === 1) : undefined;
  return [data.name, sub.name, inner?.name].filter(Boolean).join(' ');
}

function pickMessageFields(data: Json): Json {
  const out: Json = {};
  for (const key of ['content', 'embeds', 'components', 'flags', 'attachments', 'tts']) {
    if (data && data[key] !== undefined) out[key] = data[key];
  }
  return out;
}
