import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** What a refused connection fails with (a value callers can tell from network errors). */
export const REFUSED_ADDRESS = 'E_REFUSED_ADDRESS';

/**
 * Addresses a download from the internet has no business reaching: this machine, private and
 * shared networks, link-local (cloud metadata services live there), multicast and reserved.
 */
export const privateAddresses = (): BlockList => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
};

/** True when `address` (an IP literal, brackets allowed) is on the list; IPv4-mapped IPv6 as IPv4. */
export const isRefusedAddress = (list: BlockList, address: string): boolean => {
  const ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return list.check(mapped[1]!, 'ipv4');
  const family = isIP(ip);
  return family === 4 ? list.check(ip, 'ipv4') : family === 6 ? list.check(ip, 'ipv6') : false;
};

const refused = (hostname: string): Error =>
  Object.assign(new Error(`${hostname} resolves to a refused address`), { code: REFUSED_ADDRESS });

/**
 * A `lookup` for http(s) requests that resolves as usual and fails when any address is on the
 * list. The check is on the addresses the socket then connects to, so a name that resolves
 * differently on a second query (DNS rebinding) gains nothing.
 */
export const guardedLookup =
  (list: BlockList, lookup: typeof dnsLookup = dnsLookup): LookupFunction =>
  (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, all) => {
      if (err) return callback(err, '', 0);
      if (all.length === 0 || all.some((a) => isRefusedAddress(list, a.address))) {
        return callback(refused(hostname), '', 0);
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, all);
      } else callback(null, all[0]!.address, all[0]!.family);
    });
  };
