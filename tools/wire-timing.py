#!/usr/bin/env python3
"""Pacing jitter and server-added latency of Media Streams calls, read off the wire.

A load generator's own figures include its own delays: a busy client reads two frames at once and reports
a 20 ms "jitter" the server never produced. This reads a packet capture of the server's port instead
(kernel timestamps, both directions), so the figures are the server's:

    tcpdump -i lo -s 600 -w /tmp/calls.pcap "tcp port 8099"      # while the calls run, a few seconds
    tools/wire-timing.py /tmp/calls.pcap --port 8099

Per call (one TCP connection): the WebSocket text frames in each direction are parsed (client frames
unmasked), `media` payloads decoded. **Jitter**: |gap − 20 ms| between consecutive outbound `media`
frames of a reply, leaving out the first 3 gaps of each reply (the pacer's lead) and gaps over 100 ms
(between replies). **Latency**: end of caller speech (the last inbound frame with speech before at least
300 ms of quiet, + 20 ms) → the
next outbound `media` frame, for each turn where the server answered within 2 s. Frames split across TCP
segments are skipped (rare: Media Streams messages are small and both sides write whole frames).
No PHI: it reads only timing and whether audio is silent.
"""
import argparse
import base64
import collections
import json
import struct
import sys

SILENT = {0xFF, 0x7F, 0xFE, 0x7E}          # μ-law codes at or next to zero
QUIET = 0.3                                # speech followed by this much quiet ended a turn


def packets(path):
    with open(path, "rb") as f:
        magic, = struct.unpack("<I", f.read(4))
        f.read(16)
        linktype, = struct.unpack("<I", f.read(4))
        nano = magic == 0xA1B23C4D
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", h)
            data = f.read(incl)
            yield sec + frac / (1e9 if nano else 1e6), data[14:] if linktype == 1 else data[16:]


def ws_frames(payload):
    """Whole WebSocket frames in one TCP payload: (opcode, data)."""
    i = 0
    while i + 2 <= len(payload):
        b0, b1 = payload[i], payload[i + 1]
        n, j = b1 & 0x7F, i + 2
        if n == 126:
            if j + 2 > len(payload): return
            n, j = struct.unpack(">H", payload[j:j + 2])[0], j + 2
        elif n == 127:
            if j + 8 > len(payload): return
            n, j = struct.unpack(">Q", payload[j:j + 8])[0], j + 8
        key = None
        if b1 & 0x80:
            key, j = payload[j:j + 4], j + 4
        if j + n > len(payload):
            return
        data = payload[j:j + n]
        if key:
            data = bytes(c ^ key[k % 4] for k, c in enumerate(data))
        yield b0 & 0x0F, data
        i = j + n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pcap")
    ap.add_argument("--port", type=int, default=8099)
    a = ap.parse_args()
    out = collections.defaultdict(list)      # client port -> [t] outbound media
    inb = collections.defaultdict(list)      # client port -> [(t, voiced)]
    for t, ip in packets(a.pcap):
        if len(ip) < 20 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:]
        sport, dport = struct.unpack(">HH", tcp[:4])
        thl = (tcp[12] >> 4) * 4
        payload = tcp[thl:total - ihl]
        if not payload:
            continue
        outbound = sport == a.port
        client = dport if outbound else sport
        for opcode, data in ws_frames(payload):
            if opcode != 1 or b'"media"' not in data:
                continue
            try:
                msg = json.loads(data)
                audio = base64.b64decode(msg["media"]["payload"])
            except (ValueError, KeyError):
                continue
            if outbound:
                out[client].append(t)
            else:
                inb[client].append((t, any(b not in SILENT for b in audio)))
    jitter, latency = [], []
    for client, times in out.items():
        run = 0
        for x, y in zip(times, times[1:]):
            gap = (y - x) * 1000
            if gap > 100:
                run = 0
                continue
            run += 1
            if run > 3:
                jitter.append(abs(gap - 20))
        frames = inb.get(client, [])
        k = 0
        voiced_times = [t for t, v in frames if v]
        for i, t in enumerate(voiced_times):
            if i + 1 < len(voiced_times) and voiced_times[i + 1] - t < QUIET:
                continue                           # a pause between words, not the end of the turn
            end = t + 0.020
            while k < len(times) and times[k] < end:
                k += 1
            if k < len(times) and times[k] - end < 2.0:
                # only a reply that starts after quiet (not audio already playing)
                if k == 0 or times[k] - times[k - 1] > 0.1:
                    latency.append((times[k] - end) * 1000)

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] if xs else float("nan")

    print(json.dumps({
        "calls": len(set(out) | set(inb)),
        "jitter_gaps": len(jitter), "jitter_ms_p50": round(pct(jitter, 50), 2),
        "jitter_ms_p99": round(pct(jitter, 99), 2), "jitter_ms_max": round(max(jitter, default=0), 2),
        "latency_turns": len(latency), "latency_ms_p50": round(pct(latency, 50), 2),
        "latency_ms_p99": round(pct(latency, 99), 2),
    }))


if __name__ == "__main__":
    sys.exit(main())
