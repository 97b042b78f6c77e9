/**
 * Safety net for every test process: any attempt to open a TCP connection or send a UDP datagram to
 * an address outside 127.0.0.0/8 or ::1 throws before a packet leaves, even if the code under test
 * is wrong. Loaded by vitest (setupFiles) and, for CLI subprocesses, through NODE_OPTIONS --import.
 */
import net from 'node:net';
import dgram from 'node:dgram';

function isLoopback(host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (h === '::1' || h.startsWith('::ffff:127.')) return true;
  return h === 'localhost';
}

function refuse(host, port) {
  throw new Error(`loopback guard: test tried to reach ${host}:${String(port)} — tests may only contact loopback`);
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  let host;
  let port;
  let path;
  if (Array.isArray(first)) {
    const opts = first[0];
    ({ host, port, path } = opts);
  } else if (first && typeof first === 'object') {
    ({ host, port, path } = first);
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    port = first;
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  } else if (typeof first === 'string') {
    path = first;
  }
  if (!path && host !== undefined && !isLoopback(host)) {
    // A name other than localhost is resolved by Node; the lookup hook below checks the address.
    if (net.isIP(host.replace(/^\[|\]$/g, ''))) refuse(host, port);
  }
  return originalConnect.apply(this, args);
};

// Names resolved by net.connect go through the 'lookup' event; refuse non-loopback results.
const originalEmit = net.Socket.prototype.emit;
net.Socket.prototype.emit = function guardedEmit(event, ...args) {
  if (event === 'lookup' && !args[0] && typeof args[1] === 'string' && !isLoopback(args[1])) {
    this.destroy(new Error(`loopback guard: a name resolved to ${args[1]} — tests may only contact loopback`));
    return false;
  }
  return originalEmit.call(this, event, ...args);
};

const originalSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  // send(msg, [offset, length,] port, address, cb): the address is the first string after the port.
  const address = args.find((a, i) => i > 0 && typeof a === 'string');
  if (address !== undefined && !isLoopback(address)) refuse(address, 'udp');
  if (address === undefined) {
    const remote = (() => {
      try {
        return this.remoteAddress();
      } catch {
        return undefined;
      }
    })();
    if (remote && !isLoopback(remote.address)) refuse(remote.address, remote.port);
  }
  return originalSend.apply(this, args);
};

// DNS: getaddrinfo and c-ares send their queries from C++, out of reach of the patches above, and
// the machine's resolver is not on loopback. So a name lookup may only be for localhost or an IP
// literal, and a Resolver may only ask servers on loopback (the DNS lab's).
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

function refuseName(hostname) {
  const h = String(hostname).replace(/\.$/, '').toLowerCase();
  if (net.isIP(h) || h === 'localhost' || h.endsWith('.localhost')) return;
  throw new Error(`loopback guard: a test tried to resolve '${hostname}' through the system resolver — pin it with --resolve or use the DNS lab`);
}

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  refuseName(hostname);
  return originalLookup.call(this, hostname, ...rest);
};
const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
  refuseName(hostname);
  return originalPromisesLookup.call(this, hostname, ...rest);
};

function guardResolverClass(Resolver) {
  for (const method of Object.getOwnPropertyNames(Resolver.prototype)) {
    if (!/^resolve|^reverse$/.test(method)) continue;
    const original = Resolver.prototype[method];
    if (typeof original !== 'function') continue;
    Resolver.prototype[method] = function guardedResolve(...args) {
      const servers = this.getServers();
      const outside = servers.find((s) => !isLoopback(s.replace(/^\[?([^\]]+?)\]?(:\d+)?$/, '$1')));
      if (outside) throw new Error(`loopback guard: a DNS query would go to ${outside} — tests may only ask loopback servers`);
      return original.apply(this, args);
    };
  }
}
guardResolverClass(dns.Resolver);
guardResolverClass(dns.promises.Resolver);
// The module-level dns.resolve* functions use the system servers unless dns.setServers() chose loopback ones.
for (const api of [dns, dns.promises]) {
  for (const method of Object.keys(api)) {
    if (!/^resolve/.test(method) || typeof api[method] !== 'function') continue;
    const original = api[method];
    api[method] = function guardedModuleResolve(...args) {
      const outside = dns.getServers().find((s) => !isLoopback(s.replace(/^\[?([^\]]+?)\]?(:\d+)?$/, '$1')));
      if (outside) throw new Error(`loopback guard: a DNS query would go to ${outside} — tests may only ask loopback servers`);
      return original.apply(this, args);
    };
  }
}
syncBuiltinESMExports();
