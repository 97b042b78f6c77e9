import { startLabProcess } from './lab-process.ts';
import { scan } from '../../../src/scan.ts';
const ids = process.argv.slice(2) as any[];
const lab = await startLabProcess(ids);
await Promise.all(ids.map(async (id) => {
  const t0 = performance.now();
  const { report, evidence } = await scan(lab.url(id), { allowPrivate: true, probes: ['http', 'tls'], timeoutMs: 20000 });
  const e: any = evidence.http;
  console.log(id, Math.round(performance.now() - t0), e.data?.http?.hops?.map((h: any) => [h.durationMs, h.bodyBytes, h.truncatedBy]), e.data?.https?.error?.message, (evidence.tls as any)?.reason);
}));
await lab.close();
