import { loadavg } from 'node:os';
import si from 'systeminformation';

/**
 * The slice of systeminformation (plus `os.loadavg`) the host collector reads. It is an interface
 * so tests can stand in a host whose calls fail, hang or come back empty, as they do in
 * containers; the types admit the nulls systeminformation returns there but does not declare.
 */
export interface HostSource {
  currentLoad(): Promise<{ currentLoad: number }>;
  loadavg(): number[];
  mem(): Promise<{ total: number; available: number; swaptotal: number; swapused: number }>;
  fsSize(): Promise<Array<{ mount: string; type: string; size: number; used: number; available: number }>>;
  networkStats(interfaces: string): Promise<Array<{ iface: string; rx_bytes: number; tx_bytes: number }>>;
  disksIO(): Promise<{ rIO: number; wIO: number } | null>;
  fsStats(): Promise<{ rx: number; wx: number } | null>;
}

/** The real machine. */
export const systemHostSource: HostSource = {
  currentLoad: () => si.currentLoad(),
  loadavg: () => loadavg(),
  mem: () => si.mem(),
  fsSize: () => si.fsSize(),
  networkStats: (interfaces) => si.networkStats(interfaces),
  disksIO: () => si.disksIO(),
  fsStats: () => si.fsStats(),
};
