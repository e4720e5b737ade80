/* The C baseline of benchmarks/run-gemm.sh: times cblas_sgemm / cblas_dgemm of the same OpenBLAS library file the
 * Java side loaded (opened with dlopen, so no header or link flags are needed), C = A B with square row-major
 * matrices, and prints one line per case in the form GemmReport prints too:
 *     result c <s|d> <threads> <n> <median ns per call>
 * Usage: gemm_c LIBRARY THREADS s|d N... [--quick]
 * Each figure is the median of 9 (quick: 5) timed batches after 3 (quick: 2) warm-up batches; a batch repeats the
 * call until it has run for about 0.25 s (quick: 0.1 s). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void (*sgemm_t)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*dgemm_t)(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *, int);
typedef void (*set_threads_t)(int);

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s LIBRARY THREADS s|d N... [--quick]\n", argv[0]);
        return 2;
    }
    int quick = strcmp(argv[argc - 1], "--quick") == 0;
    int last = quick ? argc - 1 : argc;
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "gemm_c: cannot load %s: %s\n", argv[1], dlerror());
        return 1;
    }
    sgemm_t sgemm = (sgemm_t)dlsym(lib, "cblas_sgemm");
    dgemm_t dgemm = (dgemm_t)dlsym(lib, "cblas_dgemm");
    set_threads_t set_threads = (set_threads_t)dlsym(lib, "openblas_set_num_threads");
    if (!sgemm || !dgemm || !set_threads) {
        fprintf(stderr, "gemm_c: %s lacks cblas_sgemm, cblas_dgemm or openblas_set_num_threads\n", argv[1]);
        return 1;
    }
    int threads = atoi(argv[2]);
    int dbl = argv[3][0] == 'd';
    set_threads(threads);
    int warm = quick ? 2 : 3, timed = quick ? 5 : 9;
    double batch_ns = quick ? 1e8 : 2.5e8;
    for (int arg = 4; arg < last; arg++) {
        int n = atoi(argv[arg]);
        size_t count = (size_t)n * n;
        size_t size = dbl ? sizeof(double) : sizeof(float);
        void *a = malloc(count * size), *b = malloc(count * size), *c = malloc(count * size);
        srand(1);
        for (size_t i = 0; i < count; i++) {
            double x = (double)rand() / RAND_MAX, y = (double)rand() / RAND_MAX;
            if (dbl) { ((double *)a)[i] = x; ((double *)b)[i] = y; ((double *)c)[i] = 0; }
            else { ((float *)a)[i] = (float)x; ((float *)b)[i] = (float)y; ((float *)c)[i] = 0; }
        }
        /* Calls per batch: from one timed call, then grown until a batch lasts batch_ns. */
        long reps = 1;
        double times[16];
        for (int round = 0; round < warm + timed; round++) {
            double t0 = now_ns();
            for (long r = 0; r < reps; r++) {
                if (dbl) dgemm(101, 111, 111, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
                else sgemm(101, 111, 111, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
            }
            double per = (now_ns() - t0) / reps;
            if (round < warm) {
                long want = (long)(batch_ns / (per > 1 ? per : 1));
                reps = want > 1 ? want : 1;
            } else {
                times[round - warm] = per;
            }
        }
        qsort(times, timed, sizeof(double), cmp);
        printf("result c %c %d %d %.1f\n", dbl ? 'd' : 's', threads, n, times[timed / 2]);
        fflush(stdout);
        free(a); free(b); free(c);
    }
    return 0;
}
