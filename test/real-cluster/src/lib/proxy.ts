/*
 * A loopback TCP proxy between the backend and the kube-apiserver, so a test can cut the backend off (every
 * open connection dropped, new ones refused) while the cluster moves on, then let it back. TLS passes through
 * untouched: the apiserver's certificate names 127.0.0.1, which the proxy also listens on.
 */
import net from 'node:net';

export async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let blocked = false;
  let connections = 0;
  const server = net.createServer(client => {
    if (blocked) {
      client.destroy();
      return;
    }
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    /** Drops every connection and refuses new ones until open(). */
    cut() {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    open() {
      blocked = false;
    },
    connections: () => connections,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>(r => server.close(() => r()));
    },
  };
}
