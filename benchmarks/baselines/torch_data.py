#!/usr/bin/python3
"""PyTorch and numpy baselines for DataLoaderBenchmark, on the same Fashion-MNIST train images.

Run: /usr/bin/python3 torch_data.py [repetitions] [idx_dir]

The images are read from Debian's IDX files (gzip) into one uint8 tensor [60000, 1, 28, 28], as torchvision's
FashionMNIST holds them; then full passes in batches of 128 of:
  torch: DataLoader(TensorDataset(images, labels), batch_size=128, shuffle=...) with num_workers=0, each batch
         converted with .float() (and .div_(255) for the *_tofloat rows), torch.set_num_threads(1)
  numpy: images[order[i:i+128]].astype(np.float32) (and / 255)
Prints comment lines and 'result NAME MEDIAN_MS' lines, names prefixed torch_ and numpy_.
"""
import gzip
import statistics
import sys
import time

import numpy as np
import torch


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def timed(fn, reps):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), times


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    idx_dir = sys.argv[2] if len(sys.argv) > 2 else '/usr/share/datasets/fashion-mnist'
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    images = read_idx(idx_dir + '/train-images-idx3-ubyte.gz').reshape(-1, 1, 28, 28)
    labels = read_idx(idx_dir + '/train-labels-idx1-ubyte.gz').astype(np.int64)
    print('# numpy IDX read+gunzip (train): %.1f ms' % ((time.perf_counter() - t0) * 1e3))
    x = torch.from_numpy(images.copy())
    y = torch.from_numpy(labels)
    dataset = torch.utils.data.TensorDataset(x, y)
    print('# torch %s, %d images, %d timed passes after one warm-up' % (torch.__version__, len(dataset), reps))

    for shuffle in (False, True):
        for scale in (False, True):
            gen = torch.Generator().manual_seed(1)
            loader = torch.utils.data.DataLoader(dataset, batch_size=128, shuffle=shuffle, generator=gen)

            def torch_pass():
                n = 0
                for xb, yb in loader:
                    f = xb.float()
                    if scale:
                        f.div_(255)
                    n += f.shape[0]
                assert n == 60000

            name = ('shuffled' if shuffle else 'sequential') + ('_tofloat' if scale else '')
            med, times = timed(torch_pass, reps)
            print('# torch_%s: median %.1f ms per pass (%s), %.0f images/s'
                  % (name, med, ', '.join('%.1f' % t for t in times), 60000 / med * 1e3))
            print('result torch_%s %.2f' % (name, med))

            rng = np.random.default_rng(1)

            def numpy_pass():
                order = rng.permutation(60000) if shuffle else np.arange(60000)
                n = 0
                for i in range(0, 60000, 128):
                    f = images[order[i:i + 128]].astype(np.float32)
                    if scale:
                        f /= 255
                    n += f.shape[0]
                assert n == 60000

            med, times = timed(numpy_pass, reps)
            print('# numpy_%s: median %.1f ms per pass (%s)' % (name, med, ', '.join('%.1f' % t for t in times)))
            print('result numpy_%s %.2f' % (name, med))


if __name__ == '__main__':
    main()
