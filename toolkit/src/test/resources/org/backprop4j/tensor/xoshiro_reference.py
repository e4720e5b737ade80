#!/usr/bin/env python3
"""Prints the first outputs of xoshiro256** seeded by four SplitMix64 steps, as Rng.seeded(seed) must produce them.

A transcription of the reference C code by Blackman and Vigna (prng.di.unimi.it), independent of Rng.java;
FactoriesTest pins its output for seeds 0 and 42.  Run with any Python 3: python3 xoshiro_reference.py
"""
M = (1 << 64) - 1


def splitmix_state(seed):
    x, state = seed & M, []
    for _ in range(4):
        x = (x + 0x9E3779B97F4A7C15) & M
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        state.append(z ^ (z >> 31))
    return state


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


def next_long(s):
    result = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 17) & M
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return result - (1 << 64) if result >= 1 << 63 else result


for seed in (0, 42):
    state = splitmix_state(seed)
    print(seed, [next_long(state) for _ in range(3)])
