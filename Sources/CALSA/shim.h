// CALSA: the parts of alsa-lib's sequencer API that Woodshed uses, made callable from Swift.
//
// Swift imports plain functions and integer constants from <alsa/asoundlib.h> directly. What it
// cannot call are function-like macros (snd_seq_ev_set_*, snd_seq_ev_is_*) and variadic
// callbacks (snd_lib_error_handler_t); those get small static inline wrappers here.
#ifndef CALSA_SHIM_H
#define CALSA_SHIM_H

#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/eventfd.h>

// MARK: - wake-up descriptor

/// A non-blocking, close-on-exec eventfd (the capture thread's wake-up; not in Swift's Glibc module).
static inline int calsa_eventfd_open(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

// MARK: - alsa-lib diagnostics

/// Receives one formatted alsa-lib diagnostic instead of stderr. `message` is only valid
/// during the call.
typedef void (*calsa_error_sink)(const char *file, int line, const char *function, int err, const char *message);

// Both statics live in the one object file that calls calsa_install_error_sink, so the
// trampoline always sees the sink that call stored.
static calsa_error_sink calsa_current_error_sink = NULL;

static void calsa_error_trampoline(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    if (calsa_current_error_sink != NULL) {
        calsa_current_error_sink(file, line, function, err, message);
    }
}

/// Routes every alsa-lib diagnostic to `sink` (nothing is printed on stderr any more).
/// Passing NULL silences them completely.
static inline int calsa_install_error_sink(calsa_error_sink sink) {
    calsa_current_error_sink = sink;
    return snd_lib_error_set_handler(calsa_error_trampoline);
}

// MARK: - event macros

static inline int calsa_ev_is_real_time(const snd_seq_event_t *ev) { return snd_seq_ev_is_real(ev) ? 1 : 0; }
static inline int calsa_ev_is_variable(const snd_seq_event_t *ev) { return snd_seq_ev_is_variable(ev) ? 1 : 0; }
static inline void calsa_ev_clear(snd_seq_event_t *ev) { snd_seq_ev_clear(ev); }
static inline void calsa_ev_set_source(snd_seq_event_t *ev, unsigned char client, unsigned char port) {
    ev->source.client = client;
    ev->source.port = port;
}
static inline void calsa_ev_set_real_time(snd_seq_event_t *ev, int queue, unsigned int sec, unsigned int nsec) {
    ev->flags &= ~(SND_SEQ_TIME_STAMP_MASK | SND_SEQ_TIME_MODE_MASK);
    ev->flags |= SND_SEQ_TIME_STAMP_REAL | SND_SEQ_TIME_MODE_ABS;
    ev->queue = (unsigned char)queue;
    ev->time.time.tv_sec = sec;
    ev->time.time.tv_nsec = nsec;
}
static inline void calsa_ev_set_note(snd_seq_event_t *ev, snd_seq_event_type_t type, unsigned char channel,
                                     unsigned char key, unsigned char velocity) {
    ev->type = type;
    snd_seq_ev_set_fixed(ev);
    ev->data.note.channel = channel;
    ev->data.note.note = key;
    ev->data.note.velocity = velocity;
}
static inline void calsa_ev_set_control(snd_seq_event_t *ev, snd_seq_event_type_t type, unsigned char channel,
                                        unsigned int param, int value) {
    ev->type = type;
    snd_seq_ev_set_fixed(ev);
    ev->data.control.channel = channel;
    ev->data.control.param = param;
    ev->data.control.value = value;
}
/// Points `ev` at `length` bytes owned by the caller (a SysEx chunk), as snd_seq_ev_set_sysex does.
static inline void calsa_ev_set_variable(snd_seq_event_t *ev, snd_seq_event_type_t type, unsigned int length,
                                         void *data) {
    ev->type = type;
    snd_seq_ev_set_variable(ev, length, data);
}
static inline void calsa_ev_set_address_data(snd_seq_event_t *ev, snd_seq_event_type_t type, unsigned char client,
                                             unsigned char port) {
    ev->type = type;
    snd_seq_ev_set_fixed(ev);
    ev->data.addr.client = client;
    ev->data.addr.port = port;
}
static inline void calsa_ev_set_connect_data(snd_seq_event_t *ev, snd_seq_event_type_t type, snd_seq_addr_t sender,
                                             snd_seq_addr_t dest) {
    ev->type = type;
    snd_seq_ev_set_fixed(ev);
    ev->data.connect.sender = sender;
    ev->data.connect.dest = dest;
}

#endif
