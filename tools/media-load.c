/*
 * media-load: a lean Twilio Media Streams load generator in C, to cross-check the call-load benchmark
 * with callers that cost the machine as little as possible (see docs/benchmarks.md, "Callers in C").
 *
 * It plays the same callers as FrontDeskBenchmarks' simulator: each call connects to ws://127.0.0.1:PORT/
 * twilio/media (HTTP upgrade, Sec-WebSocket-Accept not checked), sends `connected` and `start`, then one
 * masked `media` message of 160 μ-law bytes every 20 ms (silence 0xFF when quiet). It waits for the
 * greeting's mark, says its line (call i says line i mod the number of lines), waits for the reply's mark,
 * pauses 1 s and says it again. Marks are echoed at once. The lines come from
 * `FrontDeskBenchmarks calls-audio DIR` (the frames the server's fake recogniser knows).
 *
 * Measured over the window (it opens 1 s after the last call's start and lasts --duration s), with the
 * same definitions as the Swift simulator: jitter = |inter-arrival - 20 ms| of a reply's media frames after
 * its first 3; server-added latency = first reply frame - (last voiced frame sent + 20 ms). Timestamps are
 * taken when a read returns. Also: server CPU (/proc/PID/stat), this tool's CPU and its ticks that started
 * more than 10 ms late (it could not keep up), and the time each side's threads waited for a core
 * (/proc/PID/task/TID/schedstat). It does not check the server's messages against the protocol (the Swift
 * simulator does): it reads `media` and `mark`, and counts a close from the server as an error.
 *
 *   cc -O2 -pthread -o /tmp/media-load tools/media-load.c
 *   .build/release/FrontDeskBenchmarks calls-audio /tmp/lines
 *   .build/release/FrontDeskBenchmarks calls-server --port 8099 &     # prints its pid
 *   /tmp/media-load --port 8099 --calls 1000 --ramp 10 --duration 20 --lines /tmp/lines --server-pid PID
 *
 * Loopback only; stops by itself after ramp + 1 s + duration.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINES 16
#define MAX_FRAMES 512
#define TICK_NS 20000000LL
#define CHAINS 4

typedef struct { int count, first_voiced, last_voiced; char *payload[MAX_FRAMES]; } Line;

static Line lines[MAX_LINES];
static int line_count;
static char silence_payload[220];   /* 160 bytes of 0xFF (μ-law silence), base64 */
static int port = 8099, calls = 100, threads = 2;
static double ramp_s = 5, duration_s = 20;
static int server_pid;
static int64_t t0, window_start, window_end;

enum Phase { WAITING, SAYING, PAUSING };

typedef struct {
    int fd, index, thread;
    int connected, ended, error, greeted;
    char sid[40];
    int seq, chunk;
    enum Phase phase;
    int frame;            /* frame index within the line, or pause frames left */
    int64_t wait_since;
    int64_t speech_end;   /* last voiced frame sent + 20 ms, awaiting its first reply frame; 0 if none */
    int in_reply, reply_frames;
    int64_t last_frame_at;
    unsigned char rbuf[65536];
    int rlen;
} Call;

typedef struct { double *v; int n, cap; } Samples;

typedef struct {
    int id, epfd;
    Call **calls; int ncalls;
    Samples jitter, latency;
    long wait_timeouts, errors, frames_sent, frames_received, late_ticks;
    uint32_t rng;
} Worker;

static Call *all_calls;

static int64_t now_ns(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec * 1000000000LL + ts.tv_nsec; }
static void add(Samples *s, double x) {
    if (s->n == s->cap) { s->cap = s->cap ? s->cap * 2 : 4096; s->v = realloc(s->v, s->cap * sizeof(double)); }
    s->v[s->n++] = x;
}
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static double pct(Samples *s, double p) {
    if (!s->n) return NAN;
    qsort(s->v, s->n, sizeof(double), cmp);
    int i = (int)ceil(p * s->n) - 1; if (i < 0) i = 0; if (i >= s->n) i = s->n - 1;
    return s->v[i];
}

static void load_lines(const char *dir) {
    for (int k = 0; k < MAX_LINES; k++) {
        char path[512]; snprintf(path, sizeof path, "%s/line-%d.txt", dir, k);
        FILE *f = fopen(path, "r"); if (!f) break;
        Line *l = &lines[line_count];
        if (fscanf(f, "voiced %d %d\n", &l->first_voiced, &l->last_voiced) != 2) { fprintf(stderr, "%s: bad header\n", path); exit(2); }
        char buf[1024];
        while (l->count < MAX_FRAMES && fgets(buf, sizeof buf, f)) { buf[strcspn(buf, "\n")] = 0; if (*buf) l->payload[l->count++] = strdup(buf); }
        fclose(f); line_count++;
    }
    if (!line_count) { fprintf(stderr, "no lines in %s (write them with FrontDeskBenchmarks calls-audio DIR)\n", dir); exit(2); }
}

static uint32_t next_rng(Worker *w) { uint32_t x = w->rng; x ^= x << 13; x ^= x >> 17; x ^= x << 5; return w->rng = x; }

/* Sends one masked text frame (the whole message in one write). */
static int send_text(Worker *w, Call *c, const char *msg, int len) {
    unsigned char frame[1024]; int h = 0;
    if (len + 8 > (int)sizeof frame) return -1;
    frame[h++] = 0x81;
    if (len < 126) frame[h++] = 0x80 | len; else { frame[h++] = 0x80 | 126; frame[h++] = len >> 8; frame[h++] = len & 0xff; }
    uint32_t key = next_rng(w); unsigned char m[4]; memcpy(m, &key, 4); memcpy(frame + h, m, 4); h += 4;
    for (int i = 0; i < len; i++) frame[h + i] = msg[i] ^ m[i & 3];
    ssize_t n = write(c->fd, frame, h + len);
    if (n != h + len) { if (!c->error) { c->error = 1; w->errors++; } return -1; }
    return 0;
}

static void send_media(Worker *w, Call *c, const char *payload, int64_t ts) {
    char msg[512];
    c->seq++; c->chunk++;
    int len = snprintf(msg, sizeof msg,
        "{\"event\":\"media\",\"sequenceNumber\":\"%d\",\"media\":{\"track\":\"inbound\",\"chunk\":\"%d\",\"timestamp\":\"%lld\",\"payload\":\"%s\"},\"streamSid\":\"%s\"}",
        c->seq, c->chunk, (long long)((ts - t0) / 1000000), payload, c->sid);
    if (send_text(w, c, msg, len) == 0) w->frames_sent++;
}

static void connect_call(Worker *w, Call *c) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); c->error = 1; w->errors++; return; }
    int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char req[512];
    int n = snprintf(req, sizeof req, "GET /twilio/media HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", port);
    if (write(fd, req, n) != n) { close(fd); c->error = 1; w->errors++; return; }
    char resp[2048]; int got = 0;
    while (got < (int)sizeof resp - 1) {
        ssize_t r = read(fd, resp + got, sizeof resp - 1 - got);
        if (r <= 0) break;
        got += r; resp[got] = 0;
        if (strstr(resp, "\r\n\r\n")) break;
    }
    char *end = strstr(resp, "\r\n\r\n");
    if (!end || strncmp(resp, "HTTP/1.1 101", 12) != 0) { close(fd); c->error = 1; w->errors++; return; }
    int extra = got - (int)(end + 4 - resp);
    if (extra > 0) { memcpy(c->rbuf, end + 4, extra); c->rlen = extra; }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    c->fd = fd;
    snprintf(c->sid, sizeof c->sid, "MZ%032d", c->index);
    char msg[768];
    n = snprintf(msg, sizeof msg, "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
    send_text(w, c, msg, n);
    n = snprintf(msg, sizeof msg,
        "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC%032d\",\"streamSid\":\"%s\",\"callSid\":\"CA%032d\","
        "\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},\"customParameters\":{}},"
        "\"streamSid\":\"%s\"}", 0, c->sid, c->index, c->sid);
    send_text(w, c, msg, n);
    c->seq = 1;
    c->phase = WAITING; c->wait_since = now_ns();
    c->connected = 1;
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* A reply has been sent whole (its mark came): after the greeting the caller speaks at once, after an
 * answer it pauses 1 s first (the simulator's script). */
static void reply_finished(Call *c) {
    c->in_reply = 0;
    if (c->phase != WAITING) return;
    if (!c->greeted) { c->greeted = 1; c->phase = SAYING; c->frame = 0; }
    else { c->phase = PAUSING; c->frame = 50; }
}

/* One server message. */
static void on_message(Worker *w, Call *c, const unsigned char *p, int len, int64_t t) {
    int in_window = t >= window_start && t < window_end;
    if (len > 17 && memcmp(p, "{\"event\":\"media\"", 16) == 0) {
        w->frames_received++;
        if (c->speech_end) {
            if (c->speech_end >= window_start && c->speech_end < window_end) add(&w->latency, (t - c->speech_end) / 1e6);
            c->speech_end = 0;
            c->in_reply = 1; c->reply_frames = 0;
        }
        if (!c->in_reply) { c->in_reply = 1; c->reply_frames = 0; }
        c->reply_frames++;
        if (c->reply_frames > 3 && in_window) add(&w->jitter, fabs((t - c->last_frame_at) / 1e6 - 20.0));
        c->last_frame_at = t;
    } else if (len > 16 && memcmp(p, "{\"event\":\"mark\"", 15) == 0) {
        const char *name = memmem(p, len, "\"name\":\"", 8);
        if (name) {
            name += 8;
            const char *q = memchr(name, '"', (const char *)p + len - name);
            if (q) {
                char msg[256];
                int n = snprintf(msg, sizeof msg, "{\"event\":\"mark\",\"sequenceNumber\":\"%d\",\"streamSid\":\"%s\",\"mark\":{\"name\":\"%.*s\"}}",
                                 ++c->seq, c->sid, (int)(q - name), name);
                send_text(w, c, msg, n);
            }
        }
        reply_finished(c);
    }
}

static void on_readable(Worker *w, Call *c) {
    ssize_t r = read(c->fd, c->rbuf + c->rlen, sizeof c->rbuf - c->rlen);
    int64_t t = now_ns();
    if (r <= 0) {
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
        if (!c->ended && !c->error) { c->error = 1; w->errors++; }
        epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); c->fd = -1;
        return;
    }
    c->rlen += r;
    int off = 0;
    while (c->rlen - off >= 2) {
        unsigned char *p = c->rbuf + off;
        int op = p[0] & 0x0f; int64_t len = p[1] & 0x7f; int h = 2;
        if (len == 126) { if (c->rlen - off < 4) break; len = (p[2] << 8) | p[3]; h = 4; }
        else if (len == 127) { if (c->rlen - off < 10) break; len = 0; for (int i = 0; i < 8; i++) len = (len << 8) | p[2 + i]; h = 10; }
        if (c->rlen - off < h + len) break;
        if (op == 1) on_message(w, c, p + h, (int)len, t);
        else if (op == 8) { if (!c->ended && !c->error) { c->error = 1; w->errors++; if (getenv("ML_DEBUG")) fprintf(stderr, "closed: %.*s\n", (int)len - 2, p + h + 2); } }
        off += h + (int)len;
    }
    memmove(c->rbuf, c->rbuf + off, c->rlen - off); c->rlen -= off;
}

/* One 20 ms frame of a call. */
static void tick_call(Worker *w, Call *c, int64_t t) {
    if (!c->connected || c->fd < 0 || c->error || c->ended) return;
    const char *payload = silence_payload;
    Line *l = &lines[c->index % line_count];
    switch (c->phase) {
    case WAITING:
        if (t - c->wait_since > 30000000000LL) { w->wait_timeouts++; c->greeted = 1; c->phase = PAUSING; c->frame = 50; c->in_reply = 0; }
        break;
    case PAUSING:
        if (--c->frame <= 0) { c->phase = SAYING; c->frame = 0; }
        break;
    case SAYING:
        payload = l->payload[c->frame];
        if (c->frame == l->last_voiced) c->speech_end = t + TICK_NS;
        if (++c->frame >= l->count) { c->phase = WAITING; c->wait_since = t; }
        break;
    }
    send_media(w, c, payload, t);
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    int64_t next_connect_at = 0; int next_connect = 0;
    int64_t chain_next[CHAINS];
    for (int k = 0; k < CHAINS; k++) chain_next[k] = t0 + (TICK_NS * (w->id + threads * k)) / (threads * CHAINS);
    struct epoll_event evs[256];
    int64_t stop_at = window_end + 200000000LL;
    for (;;) {
        int64_t t = now_ns();
        if (t >= stop_at) break;
        /* connects due */
        while (next_connect < w->ncalls) {
            Call *c = w->calls[next_connect];
            next_connect_at = t0 + (int64_t)(ramp_s * 1e9 * c->index / calls);
            if (t < next_connect_at) break;
            connect_call(w, c); next_connect++;
        }
        /* chains due */
        int64_t soonest = stop_at;
        for (int k = 0; k < CHAINS; k++) {
            if (t >= chain_next[k]) {
                if (t - chain_next[k] > TICK_NS / 2 && t >= window_start && t < window_end) w->late_ticks++;   /* > 10 ms late */
                for (int i = k; i < w->ncalls; i += CHAINS) tick_call(w, w->calls[i], t);
                chain_next[k] += TICK_NS;
                if (now_ns() - chain_next[k] > TICK_NS) chain_next[k] = now_ns() + TICK_NS;
            }
            if (chain_next[k] < soonest) soonest = chain_next[k];
        }
        if (next_connect < w->ncalls && next_connect_at < soonest) soonest = next_connect_at;
        t = now_ns();
        int timeout = soonest > t ? (int)((soonest - t + 999999) / 1000000) : 0;
        int n = epoll_wait(w->epfd, evs, 256, timeout);
        for (int i = 0; i < n; i++) on_readable(w, evs[i].data.ptr);
    }
    for (int i = 0; i < w->ncalls; i++) {
        Call *c = w->calls[i];
        if (c->fd >= 0 && c->connected) {
            char msg[128]; int n = snprintf(msg, sizeof msg, "{\"event\":\"stop\",\"sequenceNumber\":\"%d\",\"streamSid\":\"%s\"}", ++c->seq, c->sid);
            c->ended = 1; send_text(w, c, msg, n); close(c->fd); c->fd = -1;
        }
    }
    return NULL;
}

static double proc_cpu(int pid) {
    char path[64], buf[1024]; snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r"); if (!f) return NAN;
    size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); buf[n] = 0;
    char *p = strrchr(buf, ')'); if (!p) return NAN;
    unsigned long ut = 0, st = 0;
    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
    return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}
static double run_queue_wait(int pid) {
    char path[64]; snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path); if (!d) return NAN;
    double total = 0; struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char p2[300]; snprintf(p2, sizeof p2, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        FILE *f = fopen(p2, "r"); if (!f) continue;
        unsigned long long run, wait; if (fscanf(f, "%llu %llu", &run, &wait) == 2) total += wait / 1e9;
        fclose(f);
    }
    closedir(d); return total;
}
static double self_cpu(void) {
    struct rusage u; getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    const char *dir = "/tmp/lines";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--calls")) calls = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--ramp")) ramp_s = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--duration")) duration_s = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--lines")) dir = argv[i + 1];
        else if (!strcmp(argv[i], "--server-pid")) server_pid = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads")) threads = atoi(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    load_lines(dir);
    memset(silence_payload, '/', 213); memcpy(silence_payload + 213, "w==", 4);
    all_calls = calloc(calls, sizeof(Call));
    Worker *ws = calloc(threads, sizeof(Worker));
    for (int t = 0; t < threads; t++) {
        ws[t].id = t; ws[t].epfd = epoll_create1(0); ws[t].rng = 0x9e3779b9u ^ (t * 7919 + 1);
        ws[t].calls = calloc(calls, sizeof(Call *));
    }
    for (int i = 0; i < calls; i++) {
        Call *c = &all_calls[i]; c->index = i; c->fd = -1; c->thread = i % threads;
        Worker *w = &ws[c->thread]; w->calls[w->ncalls++] = c;
    }
    t0 = now_ns() + 100000000LL;
    window_start = t0 + (int64_t)(ramp_s * 1e9) + 1000000000LL;
    window_end = window_start + (int64_t)(duration_s * 1e9);
    pthread_t th[64];
    for (int t = 0; t < threads; t++) pthread_create(&th[t], NULL, worker_main, &ws[t]);
    struct timespec ts = { .tv_sec = window_start / 1000000000LL, .tv_nsec = window_start % 1000000000LL };
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    double s0 = server_pid ? proc_cpu(server_pid) : NAN, m0 = self_cpu();
    double sw0 = server_pid ? run_queue_wait(server_pid) : NAN, mw0 = run_queue_wait(getpid());
    int held_at_start = 0; for (int i = 0; i < calls; i++) held_at_start += all_calls[i].connected && !all_calls[i].error;
    ts.tv_sec = window_end / 1000000000LL; ts.tv_nsec = window_end % 1000000000LL;
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    double s1 = server_pid ? proc_cpu(server_pid) : NAN, m1 = self_cpu();
    double sw1 = server_pid ? run_queue_wait(server_pid) : NAN, mw1 = run_queue_wait(getpid());
    int held = 0; for (int i = 0; i < calls; i++) held += all_calls[i].connected && !all_calls[i].error;
    for (int t = 0; t < threads; t++) pthread_join(th[t], NULL);
    Samples jitter = {0}, latency = {0}; long timeouts = 0, errors = 0, sent = 0, received = 0, late = 0;
    for (int t = 0; t < threads; t++) {
        for (int i = 0; i < ws[t].jitter.n; i++) add(&jitter, ws[t].jitter.v[i]);
        for (int i = 0; i < ws[t].latency.n; i++) add(&latency, ws[t].latency.v[i]);
        timeouts += ws[t].wait_timeouts; errors += ws[t].errors; sent += ws[t].frames_sent; received += ws[t].frames_received;
        late += ws[t].late_ticks;
    }
    printf("media-load %d calls: held %d/%d (connected by the window: %d), server CPU %.1f %% of a core (%.3f %% per call), "
           "jitter p50 %.2f / p99 %.2f ms (n=%d), server-added latency p50 %.1f / p99 %.1f ms (n=%d), errors %ld, wait timeouts %ld, "
           "tool CPU %.1f %% (late ticks %ld), waited for a core: server %.0f / tool %.0f ms/s, frames sent %ld received %ld\n",
           calls, held, calls, held_at_start, 100 * (s1 - s0) / duration_s, 100 * (s1 - s0) / duration_s / (held ? held : 1),
           pct(&jitter, 0.5), pct(&jitter, 0.99), jitter.n, pct(&latency, 0.5), pct(&latency, 0.99), latency.n, errors, timeouts,
           100 * (m1 - m0) / duration_s, late, 1000 * (sw1 - sw0) / duration_s, 1000 * (mw1 - mw0) / duration_s, sent, received);
    return 0;
}
