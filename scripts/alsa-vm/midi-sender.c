/*
 * The keyboard of the kernel-path benchmark (scripts/alsa-vm-test --bench) and of the kill -9
 * loop (check 6): writes note messages to a raw MIDI device at a steady rate, as a USB
 * keyboard's driver would hand them to the ALSA sequencer. Runs inside the VM; built by
 * scripts/alsa-vm-test with the host's cc.
 *
 * usage: midi-sender DEVICE EVENTS_PER_SECOND SECONDS [--log FILE] [--kill PID]
 *   writes EVENTS_PER_SECOND * SECONDS messages (note-on/note-off pairs over 60 keys and every
 *   velocity, full status bytes, 3 bytes each) to DEVICE, e.g. /dev/snd/midiC0D0, in batches
 *   on a 1 ms grid of absolute deadlines (so a late wake-up is made up, never dropped), and
 *   prints "sent N" and "seconds S" (wall time from the first write to the last) on stdout.
 *   --log FILE: after every batch, a line "NANOSECONDS SENT" (CLOCK_MONOTONIC when the write
 *   returned, messages sent so far) — when each message was in the kernel.
 *   --kill PID: when SECONDS are up, SIGKILL to PID, and "killed NANOSECONDS" (CLOCK_MONOTONIC
 *   just after kill(2) returned) on stdout and in the log. scripts/alsa-vm/analyze.py
 *   rebuilds the messages (its sender_message mirrors message() below) and judges what the
 *   killed recorder kept with scripts/torture_faults.py's judge_kill.
 *
 * A blocking write never drops a byte: every message sent reaches the sequencer, so a message
 * that the recorder did not store was lost between the kernel and the recorder.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { batch_limit = 4096 };

static long long nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static double since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Message i: pair i/2 plays key 36 + pair % 60 at velocity 1 + pair % 127, then releases it. */
static void message(long i, unsigned char *out) {
    long pair = i / 2;
    unsigned char key = (unsigned char)(36 + pair % 60);
    if (i % 2 == 0) {
        out[0] = 0x90, out[1] = key, out[2] = (unsigned char)(1 + pair % 127);
    } else {
        out[0] = 0x80, out[1] = key, out[2] = 64;
    }
}

int main(int argc, char **argv) {
    FILE *log = NULL;
    long victim = 0;
    int usage = argc < 4 || atol(argv[2]) <= 0 || atof(argv[3]) <= 0;
    for (int i = 4; !usage && i < argc; i += 2) {
        if (i + 1 >= argc) {
            usage = 1;
        } else if (strcmp(argv[i], "--log") == 0) {
            if (!(log = fopen(argv[i + 1], "w"))) {
                fprintf(stderr, "midi-sender: cannot write %s: %s\n", argv[i + 1], strerror(errno));
                return 1;
            }
        } else if (strcmp(argv[i], "--kill") == 0 && atol(argv[i + 1]) > 0) {
            victim = atol(argv[i + 1]);
        } else {
            usage = 1;
        }
    }
    if (usage) {
        fprintf(stderr, "usage: midi-sender DEVICE EVENTS_PER_SECOND SECONDS [--log FILE] [--kill PID]\n");
        return 1;
    }
    long rate = atol(argv[2]);
    long total = (long)((double)rate * atof(argv[3]));
    int fd = open(argv[1], O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "midi-sender: cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    static unsigned char buffer[3 * batch_limit];
    struct timespec start, deadline;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long sent = 0;
    for (long millisecond = 1; sent < total; millisecond++) {
        long due = rate * millisecond / 1000;
        if (due > total) due = total;
        long count = 0;
        while (sent + count < due && count < batch_limit) {
            message(sent + count, buffer + 3 * count);
            count++;
        }
        for (size_t done = 0, size = (size_t)count * 3; done < size;) {
            ssize_t written = write(fd, buffer + done, size - done);
            if (written < 0 && errno != EINTR) {
                fprintf(stderr, "midi-sender: write to %s failed after %ld messages: %s\n", argv[1], sent,
                        strerror(errno));
                return 1;
            }
            if (written > 0) done += (size_t)written;
        }
        sent += count;
        if (log && count > 0) fprintf(log, "%lld %ld\n", nanoseconds(), sent);
        deadline = start;
        deadline.tv_sec += millisecond / 1000;
        deadline.tv_nsec += (millisecond % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR) {}
    }
    double seconds = since(&start);
    if (victim) {
        if (kill((pid_t)victim, SIGKILL) != 0) {
            fprintf(stderr, "midi-sender: cannot kill %ld: %s\n", victim, strerror(errno));
            return 1;
        }
        long long killed = nanoseconds();
        printf("killed %lld\n", killed);
        if (log) fprintf(log, "killed %lld\n", killed);
    }
    printf("sent %ld\nseconds %.3f\n", sent, seconds);
    if (log) fclose(log);
    close(fd);
    return 0;
}
