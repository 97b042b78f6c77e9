/**
 * How every test starts Debian's Chromium: headless, and with the background services off, because
 * this machine's closed network refuses their connections (and no test may reach past loopback).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** For pages that name hosts: every name resolves to loopback, so nothing leaves the machine whatever a page asks for. */
export const LOOPBACK_ONLY_ARGS = ['--no-proxy-server', '--host-resolver-rules=MAP * 127.0.0.1'];
