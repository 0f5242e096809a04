/*
 * The keyboard of the kernel-path benchmark (scripts/alsa-vm-test --bench): writes note
 * messages to a raw MIDI device at a steady rate, as a USB keyboard's driver would hand them to
 * the ALSA sequencer. Runs inside the VM; built by scripts/alsa-vm-test with the host's cc.
 *
 * usage: midi-sender DEVICE EVENTS_PER_SECOND SECONDS
 *   writes EVENTS_PER_SECOND * SECONDS messages (note-on/note-off pairs over 60 keys and every
 *   velocity, full status bytes, 3 bytes each) to DEVICE, e.g. /dev/snd/midiC0D0, in batches
 *   on a 1 ms grid of absolute deadlines (so a late wake-up is made up, never dropped), and
 *   prints "sent N" and "seconds S" (wall time from the first write to the last) on stdout.
 *
 * A blocking write never drops a byte: every message sent reaches the sequencer, so a message
 * that the recorder did not store was lost between the kernel and the recorder.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { batch_limit = 4096 };

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
    if (argc != 4 || atol(argv[2]) <= 0 || atof(argv[3]) <= 0) {
        fprintf(stderr, "usage: midi-sender DEVICE EVENTS_PER_SECOND SECONDS\n");
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
        deadline = start;
        deadline.tv_sec += millisecond / 1000;
        deadline.tv_nsec += (millisecond % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR) {}
    }
    printf("sent %ld\nseconds %.3f\n", sent, since(&start));
    close(fd);
    return 0;
}
