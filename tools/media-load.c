/*
 * media-load: a lean Twilio Media Streams load generator in C, to cross-check the call-load benchmark
 * with callers that cost the machine as little as possible (see docs/benchmarks.md, "Lean callers").
 *
 * It plays the callers of FrontDeskBenchmarks' Swift simulator (Sources/CallSimulator): each call connects
 * to ws://127.0.0.1:PORT/twilio/media (HTTP upgrade; Sec-WebSocket-Accept is not checked), sends
 * `connected` and `start`, then one masked `media` message of 160 μ-law bytes every 20 ms (silence 0xFF
 * when quiet), from timer chains at the same staggered phases as the simulator's TickDriver. Script, as
 * `CallLoad.script`: wait for the greeting, say the line (call i says line i mod the number of lines),
 * wait for the reply, 1 s of silence, say it again, and so on. Replies are followed as the simulator
 * does: audio "plays" in real time from its arrival (a reply is over 150 ms after its last frame has
 * played), marks are echoed once the audio before them has played, `clear` ends the reply and echoes
 * pending marks at once, pings get a pong. The lines come from `FrontDeskBenchmarks calls-audio DIR`
 * (the frames the server's fake recogniser knows).
 *
 * Measured with the simulator's definitions (LoadReport): the window opens 1 s after the last call's
 * start and lasts --duration s; held = connected before the window and still connected, without error,
 * at its end; jitter = |inter-arrival - 20 ms| of a reply's media frames after its first 3, frames that
 * arrive in the window; server-added latency = first reply frame - (last voiced frame sent + 20 ms),
 * lines whose speech ended in the window. Arrival times are taken when a read returns. Also: server CPU
 * (/proc/PID/stat), this tool's CPU and its late ticks (a chain more than 10 ms behind after a tick, as
 * the simulator counts them), and how long each side's threads waited for a core (the run queue,
 * /proc/PID/task/TID/schedstat). Unlike the simulator it does not check the server's messages against
 * the protocol: it reads `media`, `mark`, `clear` and pings, and counts a close from the server as an error.
 *
 *   tools/media-load.sh 1000        # builds everything, starts calls-server, runs this, stops
 *
 * Loopback only; stops by itself after ramp + 1 s + duration (connects and the handshake time out after 5 s).
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
#define MAX_THREADS 64
#define MAX_MARKS 8
#define MS 1000000LL
#define TICK_NS (20 * MS)
#define REPLY_GAP_NS (150 * MS)     /* the simulator's replyGap */
#define LATE_NS (10 * MS)           /* the simulator's TickDriver.lateness */
#define REPLY_TIMEOUT_NS (30000 * MS)
#define PAUSE_FRAMES 50             /* 1 s */

typedef struct { int count, first_voiced, last_voiced; char *payload[MAX_FRAMES]; } Line;

static Line lines[MAX_LINES];
static int line_count;
static char silence_payload[220];   /* 160 bytes of 0xFF (μ-law silence), base64 */
static int port = 8099, calls = 100, threads = 2;
static double ramp_s = 5, duration_s = 20;
static int server_pid;
static int64_t t0, window_start, window_end;

enum Phase { WAITING, SAYING, PAUSING };

typedef struct { char name[64]; int64_t due; } Mark;

typedef struct {
    int fd, index;
    int connected, error;               /* read by the main thread: atomics */
    int64_t connected_at;
    int ended;
    char sid[40];
    int seq, chunk;
    enum Phase phase;
    enum Phase after_wait;              /* SAYING after the greeting, PAUSING after an answer */
    int frame;                          /* frame of the line, or silent frames left */
    int64_t wait_deadline;
    long wait_baseline, completed;      /* replies completed when the wait began / so far */
    int64_t speech_end;                 /* last voiced frame sent + 20 ms, not yet answered; 0 if none */
    int in_reply, reply_frames;
    int64_t playout_end, last_arrival;
    Mark marks[MAX_MARKS];
    int nmarks;
    unsigned char rbuf[65536];
    int rlen;
} Call;

typedef struct { double *v; int n, cap; } Samples;

typedef struct {
    int id, epfd;
    Call **calls; int ncalls;
    int nchains; int64_t *chain_next;  /* chain k serves this worker's calls k, k + nchains, … */
    Samples jitter, latency;
    long wait_timeouts, errors, frames_sent, frames_received, late_ticks;
    uint32_t rng;
} Worker;

static Call *all_calls;

static int64_t now_ns(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec * 1000000000LL + ts.tv_nsec; }
static int in_window(int64_t t) { return t >= window_start && t < window_end; }
static void add(Samples *s, double x) {
    if (s->n == s->cap) { s->cap = s->cap ? s->cap * 2 : 4096; s->v = realloc(s->v, s->cap * sizeof(double)); }
    s->v[s->n++] = x;
}
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static double pct(Samples *s, double p) {   /* nearest rank, as the simulator's Distribution */
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
        fclose(f);
        if (l->last_voiced >= l->count) { fprintf(stderr, "%s: voiced frames past the end\n", path); exit(2); }
        line_count++;
    }
    if (!line_count) { fprintf(stderr, "no lines in %s (write them with FrontDeskBenchmarks calls-audio DIR)\n", dir); exit(2); }
}

static uint32_t next_rng(Worker *w) { uint32_t x = w->rng; x ^= x << 13; x ^= x >> 17; x ^= x << 5; return w->rng = x; }

/* The call is over for this tool (an error, or the server closed it). */
static void fail_call(Worker *w, Call *c) {
    if (!c->ended && !__atomic_load_n(&c->error, __ATOMIC_RELAXED)) { __atomic_store_n(&c->error, 1, __ATOMIC_RELAXED); w->errors++; }
    if (c->fd >= 0) { epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); c->fd = -1; }
}

/* Sends one masked frame in one write; a write that does not take it whole ends the call (never half a frame). */
static int send_frame(Worker *w, Call *c, int opcode, const char *data, int len) {
    unsigned char frame[1024]; int h = 0;
    if (c->fd < 0 || len < 0 || len + 8 > (int)sizeof frame) return -1;
    frame[h++] = 0x80 | opcode;
    if (len < 126) frame[h++] = 0x80 | len; else { frame[h++] = 0x80 | 126; frame[h++] = len >> 8; frame[h++] = len & 0xff; }
    uint32_t key = next_rng(w); unsigned char m[4]; memcpy(m, &key, 4); memcpy(frame + h, m, 4); h += 4;
    for (int i = 0; i < len; i++) frame[h + i] = data[i] ^ m[i & 3];
    if (write(c->fd, frame, h + len) != h + len) { fail_call(w, c); return -1; }
    return 0;
}
static int send_text(Worker *w, Call *c, const char *msg, int len) { return send_frame(w, c, 1, msg, len); }

static void send_media(Worker *w, Call *c, const char *payload) {
    char msg[512];
    c->seq++; c->chunk++;
    int len = snprintf(msg, sizeof msg,
        "{\"event\":\"media\",\"sequenceNumber\":\"%d\",\"media\":{\"track\":\"inbound\",\"chunk\":\"%d\",\"timestamp\":\"%d\",\"payload\":\"%s\"},\"streamSid\":\"%s\"}",
        c->seq, c->chunk, (c->chunk - 1) * 20, payload, c->sid);
    if (send_text(w, c, msg, len) == 0) w->frames_sent++;
}

static void finish_reply(Call *c, int64_t t, int force) {
    if (c->in_reply && (force || t >= c->playout_end + REPLY_GAP_NS)) { c->in_reply = 0; c->completed++; }
}

static void parse_frames(Worker *w, Call *c, int64_t t);

static void connect_call(Worker *w, Call *c) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) { fail_call(w, c); return; }
    struct timeval limit = { .tv_sec = 5 };
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);     /* connect and the handshake */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    char req[512], resp[2048]; resp[0] = 0;
    int n = snprintf(req, sizeof req, "GET /twilio/media HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 || write(fd, req, n) != n) { close(fd); fail_call(w, c); return; }
    int got = 0; char *end = NULL;
    while (!end && got < (int)sizeof resp - 1) {
        ssize_t r = read(fd, resp + got, sizeof resp - 1 - got);
        if (r <= 0) break;
        got += r; resp[got] = 0;
        end = strstr(resp, "\r\n\r\n");
    }
    if (!end || strncmp(resp, "HTTP/1.1 101", 12) != 0) { close(fd); fail_call(w, c); return; }
    int extra = got - (int)(end + 4 - resp);
    if (extra > 0) { memcpy(c->rbuf, end + 4, extra); c->rlen = extra; }
    int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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
    if (c->fd < 0) return;
    int64_t t = now_ns();
    c->seq = 1;
    c->phase = WAITING; c->after_wait = SAYING; c->wait_baseline = c->completed; c->wait_deadline = t + REPLY_TIMEOUT_NS;
    c->playout_end = t;
    c->connected_at = t;
    __atomic_store_n(&c->connected, 1, __ATOMIC_RELEASE);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev);
    if (c->rlen > 0) parse_frames(w, c, t);
}

/* One server message (text). */
static void on_message(Worker *w, Call *c, const unsigned char *p, int len, int64_t t) {
    if (len > 16 && memcmp(p, "{\"event\":\"media\"", 16) == 0) {
        w->frames_received++;
        finish_reply(c, t, 0);
        if (!c->in_reply) {
            c->in_reply = 1; c->reply_frames = 0;
            if (c->speech_end && t >= c->speech_end - TICK_NS) {         /* the reply answers the line */
                if (in_window(c->speech_end)) add(&w->latency, (t - c->speech_end) / 1e6);
                c->speech_end = 0;
            }
        } else if (c->reply_frames >= 3 && in_window(t)) {
            add(&w->jitter, fabs((t - c->last_arrival) / 1e6 - 20.0));
        }
        c->reply_frames++;
        c->playout_end = (t > c->playout_end ? t : c->playout_end) + TICK_NS;
        c->last_arrival = t;
    } else if (len > 15 && memcmp(p, "{\"event\":\"mark\"", 15) == 0) {
        finish_reply(c, t, 0);
        const char *name = memmem(p, len, "\"name\":\"", 8);
        if (name && c->nmarks < MAX_MARKS) {
            name += 8;
            const char *q = memchr(name, '"', (const char *)p + len - name);
            if (q && q - name < (int)sizeof c->marks[0].name) {
                Mark *m = &c->marks[c->nmarks++];
                memcpy(m->name, name, q - name); m->name[q - name] = 0;
                m->due = t > c->playout_end ? t : c->playout_end;
            }
        }
    } else if (len > 16 && memcmp(p, "{\"event\":\"clear\"", 16) == 0) {
        if (c->playout_end > t) c->playout_end = t;
        for (int i = 0; i < c->nmarks; i++) c->marks[i].due = t;
        finish_reply(c, t, 1);
    }
}

static void parse_frames(Worker *w, Call *c, int64_t t) {
    int off = 0;
    while (c->fd >= 0 && c->rlen - off >= 2) {
        unsigned char *p = c->rbuf + off;
        int op = p[0] & 0x0f; int64_t len = p[1] & 0x7f; int h = 2;
        if (len == 126) { if (c->rlen - off < 4) break; len = (p[2] << 8) | p[3]; h = 4; }
        else if (len == 127) { if (c->rlen - off < 10) break; len = 0; for (int i = 0; i < 8; i++) len = (len << 8) | p[2 + i]; h = 10; }
        if (h + len > (int64_t)sizeof c->rbuf) { fail_call(w, c); return; }            /* larger than any server message */
        if (c->rlen - off < h + len) break;
        if (op == 1) on_message(w, c, p + h, (int)len, t);
        else if (op == 9) send_frame(w, c, 10, (const char *)p + h, (int)len);          /* ping → pong */
        else if (op == 8) { fail_call(w, c); return; }                                  /* the server ended the stream */
        off += h + (int)len;
    }
    memmove(c->rbuf, c->rbuf + off, c->rlen - off); c->rlen -= off;
}

static void on_readable(Worker *w, Call *c) {
    ssize_t r = read(c->fd, c->rbuf + c->rlen, sizeof c->rbuf - c->rlen);
    int64_t t = now_ns();
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (r <= 0) { fail_call(w, c); return; }
    c->rlen += r;
    parse_frames(w, c, t);
}

/* One 20 ms frame of a call, as SimulatedCall.tick: replies over, marks due, then the script's next frame. */
static void tick_call(Worker *w, Call *c) {
    if (c->fd < 0 || c->ended) return;
    int64_t t = now_ns();
    finish_reply(c, t, 0);
    int kept = 0;
    for (int i = 0; i < c->nmarks; i++) {
        if (c->marks[i].due <= t) {
            char msg[256];
            int n = snprintf(msg, sizeof msg, "{\"event\":\"mark\",\"sequenceNumber\":\"%d\",\"streamSid\":\"%s\",\"mark\":{\"name\":\"%s\"}}",
                             ++c->seq, c->sid, c->marks[i].name);
            send_text(w, c, msg, n);
        } else {
            c->marks[kept++] = c->marks[i];
        }
    }
    c->nmarks = kept;
    if (c->fd < 0) return;
    if (c->phase == WAITING && (c->completed > c->wait_baseline || t >= c->wait_deadline)) {
        if (c->completed <= c->wait_baseline) w->wait_timeouts++;
        c->phase = c->after_wait;
        c->frame = c->phase == PAUSING ? PAUSE_FRAMES : 0;
    }
    const char *payload = silence_payload;
    Line *l = &lines[c->index % line_count];
    if (c->phase == SAYING) {
        payload = l->payload[c->frame];
        if (c->frame == l->last_voiced) c->speech_end = t + TICK_NS;
        if (++c->frame >= l->count) {
            c->phase = WAITING; c->after_wait = PAUSING; c->wait_baseline = c->completed; c->wait_deadline = t + REPLY_TIMEOUT_NS;
        }
    } else if (c->phase == PAUSING) {
        if (--c->frame <= 0) { c->phase = SAYING; c->frame = 0; }
    }
    send_media(w, c, payload);
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    int next_connect = 0;
    struct epoll_event evs[256];
    int64_t stop_at = window_end + 200 * MS;
    for (;;) {
        int64_t t = now_ns();
        if (t >= stop_at) break;
        int64_t soonest = stop_at;
        while (next_connect < w->ncalls) {                    /* call i starts at t0 + ramp × i / calls */
            Call *c = w->calls[next_connect];
            int64_t at = t0 + (int64_t)(ramp_s * 1e9 * c->index / calls);
            if (t < at) { soonest = at; break; }
            connect_call(w, c); next_connect++;
            t = now_ns();
        }
        for (int k = 0; k < w->nchains; k++) {
            if (t >= w->chain_next[k]) {
                for (int i = k; i < next_connect; i += w->nchains) tick_call(w, w->calls[i]);
                w->chain_next[k] += TICK_NS;                      /* absolute deadlines: a late chain catches up */
                t = now_ns();
                if (t - w->chain_next[k] > LATE_NS) w->late_ticks++;
            }
            if (w->chain_next[k] < soonest) soonest = w->chain_next[k];
        }
        int timeout = soonest > t ? (int)((soonest - t + MS - 1) / MS) : 0;
        int n = epoll_wait(w->epfd, evs, 256, timeout);
        for (int i = 0; i < n; i++) on_readable(w, evs[i].data.ptr);
    }
    for (int i = 0; i < next_connect; i++) {                  /* hang up */
        Call *c = w->calls[i];
        if (c->fd < 0) continue;
        char msg[256];
        int n = snprintf(msg, sizeof msg, "{\"event\":\"stop\",\"sequenceNumber\":\"%d\",\"stop\":{\"accountSid\":\"AC%032d\",\"callSid\":\"CA%032d\"},\"streamSid\":\"%s\"}",
                         ++c->seq, 0, c->index, c->sid);
        c->ended = 1; send_text(w, c, msg, n);
        if (c->fd >= 0) { close(c->fd); c->fd = -1; }
    }
    return NULL;
}

static double proc_cpu(int pid) {
    char path[64], buf[1024]; snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r"); if (!f) return NAN;
    size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); buf[n] = 0;
    char *p = strrchr(buf, ')'); if (!p) return NAN;
    unsigned long ut = 0, st = 0;
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return NAN;
    return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}
/* Run-queue time of each thread of `pid` (the second field of /proc/PID/task/TID/schedstat), in seconds. */
typedef struct { int n; int tid[512]; double wait[512]; } Waits;
static int run_queue_waits(int pid, Waits *out) {
    char path[64]; snprintf(path, sizeof path, "/proc/%d/task", pid);
    out->n = 0;
    DIR *d = opendir(path); if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) && out->n < 512) {
        if (e->d_name[0] == '.') continue;
        char p2[300]; snprintf(p2, sizeof p2, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        FILE *f = fopen(p2, "r"); if (!f) continue;
        unsigned long long run, wait;
        if (fscanf(f, "%llu %llu", &run, &wait) == 2) { out->tid[out->n] = atoi(e->d_name); out->wait[out->n++] = wait / 1e9; }
        fclose(f);
    }
    closedir(d); return out->n > 0;
}
/* Between two readings: threads started in between count whole, threads that ended are left out. */
static double waited(const Waits *a, const Waits *b) {
    if (!a->n || !b->n) return NAN;
    double total = 0;
    for (int i = 0; i < b->n; i++) {
        double before = 0;
        for (int j = 0; j < a->n; j++) if (a->tid[j] == b->tid[i]) { before = a->wait[j]; break; }
        if (b->wait[i] > before) total += b->wait[i] - before;
    }
    return total;
}
static double self_cpu(void) {
    struct rusage u; getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}
static void sleep_until(int64_t t) {
    struct timespec ts = { .tv_sec = t / 1000000000LL, .tv_nsec = t % 1000000000LL };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}

int main(int argc, char **argv) {
    const char *dir = "/tmp/lines";
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) { fprintf(stderr, "%s needs a value\n", argv[i]); return 2; }
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--calls")) calls = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--ramp")) ramp_s = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--duration")) duration_s = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--lines")) dir = argv[i + 1];
        else if (!strcmp(argv[i], "--server-pid")) server_pid = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads")) threads = atoi(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (calls < 1 || threads < 1 || threads > MAX_THREADS || duration_s <= 0 || ramp_s < 0 || port <= 0) {
        fprintf(stderr, "need --calls ≥ 1, --threads 1…%d, --duration > 0, --ramp ≥ 0, --port\n", MAX_THREADS); return 2;
    }
    load_lines(dir);
    memset(silence_payload, '/', 213); memcpy(silence_payload + 213, "w==", 4);
    /* The simulator's timer chains: max(1, min(8, calls / 100)) shards, the same number on each thread,
     * chain j of thread t at phase (t + threads × j) / total of the 20 ms. */
    int shards = calls / 100 < 1 ? 1 : (calls / 100 > 8 ? 8 : calls / 100);
    int per_thread = (shards + threads - 1) / threads;
    t0 = now_ns() + 100 * MS;
    all_calls = calloc(calls, sizeof(Call));
    Worker *ws = calloc(threads, sizeof(Worker));
    for (int t = 0; t < threads; t++) {
        Worker *w = &ws[t];
        w->id = t; w->epfd = epoll_create1(0); w->rng = 0x9e3779b9u ^ (t * 7919 + 1);
        w->calls = calloc(calls, sizeof(Call *));
        w->nchains = per_thread; w->chain_next = calloc(per_thread, sizeof(int64_t));
        for (int j = 0; j < per_thread; j++) w->chain_next[j] = t0 + TICK_NS * (t + threads * j) / (threads * per_thread);
    }
    for (int i = 0; i < calls; i++) {
        Call *c = &all_calls[i]; c->index = i; c->fd = -1;
        Worker *w = &ws[i % threads]; w->calls[w->ncalls++] = c;
    }
    window_start = t0 + (int64_t)(ramp_s * 1e9) + 1000 * MS;
    window_end = window_start + (int64_t)(duration_s * 1e9);
    pthread_t th[MAX_THREADS];
    for (int t = 0; t < threads; t++) pthread_create(&th[t], NULL, worker_main, &ws[t]);

    sleep_until(window_start);
    int64_t w0 = now_ns();
    double s0 = server_pid ? proc_cpu(server_pid) : NAN, m0 = self_cpu();
    static Waits sw0, sw1, mw0, mw1;
    if (server_pid) run_queue_waits(server_pid, &sw0);
    run_queue_waits(getpid(), &mw0);
    sleep_until(window_end);
    double s1 = server_pid ? proc_cpu(server_pid) : NAN, m1 = self_cpu();
    if (server_pid) run_queue_waits(server_pid, &sw1);
    run_queue_waits(getpid(), &mw1);
    double seconds = (now_ns() - w0) / 1e9;
    int held = 0, connected = 0;
    for (int i = 0; i < calls; i++) {
        Call *c = &all_calls[i];
        if (!__atomic_load_n(&c->connected, __ATOMIC_ACQUIRE)) continue;
        connected++;
        if (c->connected_at <= window_start && !__atomic_load_n(&c->error, __ATOMIC_RELAXED)) held++;
    }
    for (int t = 0; t < threads; t++) pthread_join(th[t], NULL);

    Samples jitter = {0}, latency = {0}; long timeouts = 0, errors = 0, sent = 0, received = 0, late = 0;
    for (int t = 0; t < threads; t++) {
        for (int i = 0; i < ws[t].jitter.n; i++) add(&jitter, ws[t].jitter.v[i]);
        for (int i = 0; i < ws[t].latency.n; i++) add(&latency, ws[t].latency.v[i]);
        timeouts += ws[t].wait_timeouts; errors += ws[t].errors; sent += ws[t].frames_sent; received += ws[t].frames_received;
        late += ws[t].late_ticks;
    }
    printf("media-load %d calls: held %d/%d (connected %d), server CPU %.1f %% of a core (%.3f %% per call), "
           "jitter p50 %.2f / p99 %.2f ms (n=%d), server-added latency p50 %.1f / p99 %.1f ms (n=%d), errors %ld, wait timeouts %ld, "
           "tool CPU %.1f %% (late ticks %ld), waited for a core: server %.0f / tool %.0f ms/s, frames sent %ld received %ld\n",
           calls, held, calls, connected, 100 * (s1 - s0) / seconds, 100 * (s1 - s0) / seconds / (held ? held : 1),
           pct(&jitter, 0.5), pct(&jitter, 0.99), jitter.n, pct(&latency, 0.5), pct(&latency, 0.99), latency.n, errors, timeouts,
           100 * (m1 - m0) / seconds, late, 1000 * waited(&sw0, &sw1) / seconds, 1000 * waited(&mw0, &mw1) / seconds, sent, received);
    return 0;
}
