import net from 'node:net';

/**
 * A TCP proxy on loopback between the CLI and Postgres, so a test can cut the database away
 * mid-run (every open connection reset, new ones refused) and bring it back.
 */
export interface TcpProxy {
  readonly port: number;
  /** Destroys every connection; new ones are closed at once until `restore()`. */
  cut(): void;
  restore(): void;
  /** New connections wait, unanswered, until `release()`: a gate that holds a run at a known point. */
  hold(): void;
  release(): void;
  /** Connections accepted so far (held ones included). */
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let open = true;
  let held: (() => void)[] | null = null;
  let accepted = 0;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    accepted++;
    if (!open) return void client.destroy();
    const connect = () => {
      if (client.destroyed) return;
      const upstream = net.connect(target.port, target.host);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    // Held, the client's bytes wait in its socket buffer until the upstream is connected.
    if (held) held.push(connect);
    else connect();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => void (open = true),
    hold: () => void (held ??= []),
    release() {
      const waiting = held ?? [];
      held = null;
      for (const connect of waiting) connect();
    },
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same database URL, through the proxy. */
export function viaProxy(databaseUrl: string, proxy: TcpProxy): string {
  const u = new URL(databaseUrl);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
