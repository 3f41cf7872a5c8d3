// Clang's thread-safety annotations (clang.llvm.org/docs/ThreadSafetyAnalysis.html):
// which mutex guards a member, which a function needs or takes. Under clang
// with -Wthread-safety (the fuzz build, fuzz/run.sh) a violation fails the
// build; under other compilers they expand to nothing. bot/common/mutex.h has
// the annotated mutex they name.
#pragma once

#if defined(__clang__)
#define GUTBOT_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define GUTBOT_THREAD_ANNOTATION(x)
#endif

// On a class: its objects are capabilities (mutexes).
#define CAPABILITY(name) GUTBOT_THREAD_ANNOTATION(capability(name))
// On a class: an RAII object that holds a capability for its lifetime.
#define SCOPED_CAPABILITY GUTBOT_THREAD_ANNOTATION(scoped_lockable)
// On a member: read or written only with `mutex` held.
#define GUARDED_BY(mutex) GUTBOT_THREAD_ANNOTATION(guarded_by(mutex))
// On a pointer member: what it points to is used only with `mutex` held.
#define PT_GUARDED_BY(mutex) GUTBOT_THREAD_ANNOTATION(pt_guarded_by(mutex))
// On a function: its callers hold these mutexes.
#define REQUIRES(...) GUTBOT_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// On a function: its callers do not hold these mutexes (it takes them).
#define EXCLUDES(...) GUTBOT_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// On a function: it takes these mutexes (none given: its object) and returns holding them.
#define ACQUIRE(...) GUTBOT_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
// On a function: it releases these mutexes (none given: its object).
#define RELEASE(...) GUTBOT_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
