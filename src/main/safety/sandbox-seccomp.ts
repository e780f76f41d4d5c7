// The seccomp filter that keeps Unix sockets outside the sandbox out of reach while the network is off
// (bubblewrap's --seccomp reads it as a compiled classic-BPF program from a file descriptor). Like
// Claude's sandbox runtime: socket(AF_UNIX, ...) fails with EPERM, so no path socket (a daemon's under
// /var/tmp, a docker socket) can be connected to; socketpair() and pipes still work, and the abstract
// namespace is already cut off by --unshare-net. io_uring is refused too, since it creates sockets
// without the socket() call. Written by hand: no well-kept package makes seccomp programs from Node,
// and this one is ten instructions.
import os from 'node:os';

interface ArchSyscalls {
  /** AUDIT_ARCH_* of the native ABI. */
  audit: number;
  socket: number;
  ioUringSetup: number;
  /** x86-64: syscall numbers with this bit are the x32 ABI, which has a socket() of its own. */
  x32Bit?: number;
}

const ARCHES: Readonly<Record<string, ArchSyscalls>> = {
  x64: { audit: 0xc000003e, socket: 41, ioUringSetup: 425, x32Bit: 0x40000000 },
  arm64: { audit: 0xc00000b7, socket: 198, ioUringSetup: 425 },
};

// Classic BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JSET_K = 0x45;
const RET_K = 0x06;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const RET_ALLOW = 0x7fff0000;
const EPERM = 1;
const AF_UNIX = 1;
// Offsets in struct seccomp_data: nr, arch, then args[0] (its low 32 bits first on little-endian).
const NR = 0;
const ARCH = 4;
const ARG0_LOW = 16;

/** Whether this machine's architecture has a filter (else Unix sockets stay reachable). */
export function socketFilterSupported(arch: string = process.arch): boolean {
  return arch in ARCHES && os.endianness() === 'LE';
}

/**
 * The filter as bytes: an array of struct sock_filter { u16 code; u8 jt; u8 jf; u32 k }. Another ABI
 * than the native one (32-bit programs, x32) is killed, as libseccomp does by default: its socket calls
 * would pass unchecked.
 */
export function unixSocketFilter(arch: string = process.arch): Buffer {
  const a = ARCHES[arch];
  if (!a) throw new Error(`no Unix socket filter for ${arch}`);
  // Jump offsets count the instructions skipped; `to(label)` is filled in below.
  type Insn = [code: number, jt: number | string, jf: number | string, k: number];
  const prog: Insn[] = [
    [LD_W_ABS, 0, 0, ARCH],
    [JEQ_K, 0, 'kill', a.audit],
    [LD_W_ABS, 0, 0, NR],
    ...(a.x32Bit ? [[JSET_K, 'kill', 0, a.x32Bit] as Insn] : []),
    [JEQ_K, 'deny', 0, a.ioUringSetup],
    [JEQ_K, 0, 'allow', a.socket],
    [LD_W_ABS, 0, 0, ARG0_LOW],
    [JEQ_K, 'deny', 'allow', AF_UNIX],
  ];
  const labels = { allow: prog.length, deny: prog.length + 1, kill: prog.length + 2 };
  prog.push([RET_K, 0, 0, RET_ALLOW], [RET_K, 0, 0, RET_ERRNO | EPERM], [RET_K, 0, 0, RET_KILL_PROCESS]);
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach(([code, jt, jf, k], i) => {
    const jump = (j: number | string): number =>
      typeof j === 'number' ? j : labels[j as keyof typeof labels] - i - 1;
    out.writeUInt16LE(code, i * 8);
    out.writeUInt8(jump(jt), i * 8 + 2);
    out.writeUInt8(jump(jf), i * 8 + 3);
    out.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return out;
}
