//! The wasm build's memory allocator: a bump arena that counts live blocks per 64 KiB chunk.
//!
//! Why not a general allocator: the wasm API is called once per article, and almost everything a
//! call allocates is freed before it returns. A bump pointer serves that pattern with a compare
//! and an add, where dlmalloc spent ~4% of the analysis in `malloc`/`free` and 7 KB of code.
//! What a plain bump arena gets wrong is the rest: blocks that outlive the call (tables built on
//! first use, wasm-bindgen's table of JS values) would pin the arena forever and make every later
//! call leak. Counting per chunk instead of per arena bounds that: a long-lived block pins only
//! its own chunk, and every chunk without a live block is reused.
//!
//! Invariants (checked by the tests below on random sequences):
//! 1. `counts[c]` is the number of live blocks that overlap chunk `c` (a block spanning several
//!    chunks counts in each).
//! 2. No live block overlaps `[top, limit)`, the current *run*; allocations are cut from its
//!    start, so no byte is ever handed out twice while live.
//! 3. A chunk whose count is 0 holds no live byte, so it may be reused whole: `top` falls back
//!    over such chunks when they end the used part of the run, and a new run is a sequence of
//!    them (found from `hint`, the lowest chunk that may be free, or grown at the memory's end).
//!
//! Blocks are at least 2 bytes ([`GRAIN`]), so at most 32,769 live blocks overlap one chunk and
//! a `u16` count cannot overflow.
//!
//! The wasm build's other piece of single-thread state lives here too, beside the allocator's:
//! [`OneThreadLock`], the cell behind the crate's tables built on first use.

use core::num::NonZeroUsize;

/// log2 of [`CHUNK`].
const CHUNK_BITS: u32 = 16;
/// The unit of reuse, in bytes: one wasm page, so memory grows by whole chunks.
pub const CHUNK: usize = 1 << CHUNK_BITS;
/// How many chunks a 32-bit address space holds: one count each.
const CHUNKS: usize = 1 << (32 - CHUNK_BITS);
/// Every block's size is rounded up to a multiple of this (see the `u16` counts above).
const GRAIN: usize = 2;

/// Where the arena's memory comes from: the wasm linear memory, or a stand-in in tests.
pub trait Memory {
    /// The memory's size in bytes, a multiple of [`CHUNK`].
    fn size(&self) -> usize;
    /// Adds `chunks` chunks at the end; false when the memory cannot grow.
    fn grow(&mut self, chunks: usize) -> bool;
}

/// The allocator's state (see the module documentation for its invariants).
pub struct Arena<M> {
    /// The memory the arena cuts blocks from.
    pub memory: M,
    /// The first chunk the arena owns (the memory's size on first use); 0 until then.
    floor: usize,
    /// Next free byte of the current run.
    top: usize,
    /// End of the current run.
    limit: usize,
    /// No chunk below this one has a zero count, except those in the current run.
    hint: usize,
    /// Live blocks per chunk (invariant 1).
    counts: [u16; CHUNKS],
}

impl<M: Memory> Arena<M> {
    /// An arena that takes its first chunk from `memory` on the first allocation.
    pub const fn new(memory: M) -> Self {
        Arena {
            memory,
            floor: 0,
            top: 0,
            limit: 0,
            hint: 0,
            counts: [0; CHUNKS],
        }
    }

    /// The address of a new block of `size` bytes (at least 1) aligned to `align` (a power of two
    /// up to [`CHUNK`]), or `None` when the memory cannot grow. Never 0: the arena starts past
    /// the memory it finds on first use, which in a wasm module holds the stack and statics.
    /// Non-zero because that makes the result one plain value: an `Option<usize>` is returned
    /// through memory, which cost every allocation a stack frame in `__rust_alloc`.
    pub fn alloc(&mut self, size: usize, align: usize) -> Option<NonZeroUsize> {
        let size = grained(size)?;
        let mut start = align_up(self.top, align)?;
        if start.checked_add(size)? > self.limit {
            if align > CHUNK {
                return None;
            }
            self.new_run(size)?;
            start = self.top;
        }
        self.top = start + size;
        self.count(start, size, Change::Add);
        NonZeroUsize::new(start)
    }

    /// Frees the block at `ptr` of `size` bytes (as allocated).
    pub fn free(&mut self, ptr: usize, size: usize) {
        let Some(size) = grained(size) else { return };
        self.count(ptr, size, Change::Remove);
        if ptr + size == self.top {
            self.top = ptr;
        }
        self.fall_back();
    }

    /// Resizes the block at `ptr` from `old` to `new` bytes: in place when it shrinks or is the
    /// last block of the run and the run has room, else `None` (the caller moves it).
    pub fn resize_in_place(&mut self, ptr: usize, old: usize, new: usize) -> Option<()> {
        let (old, new) = (grained(old)?, grained(new)?);
        let is_last = ptr + old == self.top;
        if new > old && !(is_last && ptr.checked_add(new)? <= self.limit) {
            return None;
        }
        self.recount(ptr, old, new);
        if is_last {
            self.top = ptr + new;
            self.fall_back();
        }
        Some(())
    }

    /// Adds or removes one block `[ptr, ptr + size)` from the counts of the chunks it overlaps,
    /// lowering `hint` to any chunk left with no live block. Inlined: it runs on every
    /// allocation and free, almost always for one chunk.
    #[inline(always)]
    fn count(&mut self, ptr: usize, size: usize, change: Change) {
        let (mut chunk, last) = (ptr >> CHUNK_BITS, (ptr + size - 1) >> CHUNK_BITS);
        loop {
            // The mask changes nothing for a 32-bit address and spares the bounds check.
            let count = &mut self.counts[chunk & (CHUNKS - 1)];
            match change {
                Change::Add => *count += 1,
                Change::Remove => {
                    *count -= 1;
                    if *count == 0 && chunk < self.hint {
                        self.hint = chunk;
                    }
                }
            }
            if chunk >= last {
                break;
            }
            chunk += 1;
        }
    }

    /// [`Arena::count`] for a block at `ptr` resized from `old` to `new` bytes: the chunks the
    /// two sizes do not share (the old block's end and the new one's) lose and gain it. Out of
    /// line, unlike `count`: resizing is rarer than allocating and freeing (one in twelve calls
    /// of the analysis), and the two inlined loops made `realloc` the allocator's largest
    /// function.
    #[inline(never)]
    fn recount(&mut self, ptr: usize, old: usize, new: usize) {
        self.count(ptr, old, Change::Remove);
        self.count(ptr, new, Change::Add);
    }

    /// Moves `top` back over the chunks before it that hold no live block (invariant 3): at the
    /// end of a call that is every chunk it used, so the next call starts where this one did.
    #[inline(always)]
    fn fall_back(&mut self) {
        while self.top > self.floor << CHUNK_BITS {
            let chunk = (self.top - 1) >> CHUNK_BITS;
            if self.counts[chunk & (CHUNKS - 1)] != 0 {
                break;
            }
            self.top = chunk << CHUNK_BITS;
        }
    }

    /// Makes the current run a sequence of free chunks with room for `size` bytes: the lowest
    /// such sequence from `hint`, extended as far as the free chunks go, else the free chunks at
    /// the memory's end plus new ones. Out of line: it runs once per chunk, `alloc` on every
    /// allocation.
    #[cold]
    #[inline(never)]
    fn new_run(&mut self, size: usize) -> Option<()> {
        if self.floor == 0 {
            self.floor = self.memory.size() >> CHUNK_BITS;
            self.hint = self.floor;
        }
        // The unused chunks of the run being left must stay findable.
        let unused = align_up(self.top, CHUNK)? >> CHUNK_BITS;
        if unused < self.limit >> CHUNK_BITS {
            self.hint = self.hint.min(unused);
        }
        let needed = size.div_ceil(CHUNK);
        let end = self.memory.size() >> CHUNK_BITS;
        let (mut run, mut free, mut lowest_skipped) = (self.hint, 0, None);
        let mut chunk = self.hint;
        while chunk < end && (free < needed || self.counts[chunk] == 0) {
            if self.counts[chunk] == 0 {
                free += 1;
            } else {
                if free > 0 {
                    lowest_skipped.get_or_insert(run);
                }
                run = chunk + 1;
                free = 0;
            }
            chunk += 1;
        }
        if free < needed {
            if !self.memory.grow(needed - free) {
                return None;
            }
            chunk = run + needed;
        }
        self.top = run << CHUNK_BITS;
        self.limit = chunk << CHUNK_BITS;
        self.hint = lowest_skipped.unwrap_or(chunk);
        Some(())
    }
}

/// Whether [`Arena::count`] adds or removes a block.
#[derive(Clone, Copy)]
enum Change {
    Add,
    Remove,
}

/// A value built on first use, for `static` tables in the wasm build (the crate's `OnceLock`
/// there, see `crate::prelude`). std's `OnceLock` is not in core, and its synchronisation (a
/// `Once` per table) guards against threads a wasm32 module without the `atomics` feature does
/// not have. Not core's `OnceCell` either: a `static` cannot hold it (it is not `Sync`), and its
/// empty state is `None`, which for a table with a niche is not all zero bytes, so the statics
/// holding one moved from zeroed memory into the wasm's data (7.8 KB raw, measured). This one
/// starts as zero bytes.
///
/// Invariant: once `built` is true, `value` holds a value, which stays in place (and is never
/// written again) until the cell is dropped.
pub struct OneThreadLock<T> {
    built: core::cell::Cell<bool>,
    value: core::cell::UnsafeCell<core::mem::MaybeUninit<T>>,
}

impl<T> OneThreadLock<T> {
    /// An empty cell.
    pub const fn new() -> Self {
        OneThreadLock {
            built: core::cell::Cell::new(false),
            value: core::cell::UnsafeCell::new(core::mem::MaybeUninit::uninit()),
        }
    }

    /// The value, built by `build` on the first call. A `build` that reaches the same cell again
    /// (no table does) builds it there first; that inner value is kept, since the inner call may
    /// have handed out references to it, and this one is leaked: dropping it would add each
    /// table type's drop code to the wasm for a case that does not occur.
    pub fn get_or_init(&self, build: impl FnOnce() -> T) -> &T {
        if !self.built.get() {
            let value = build();
            if self.built.get() {
                core::mem::forget(value);
            } else {
                // SAFETY: not built, so no reference to the value exists (invariant).
                unsafe { (*self.value.get()).write(value) };
                self.built.set(true);
            }
        }
        // SAFETY: built, so the value is there and never written again (invariant).
        unsafe { (*self.value.get()).assume_init_ref() }
    }
}

impl<T> Drop for OneThreadLock<T> {
    fn drop(&mut self) {
        if self.built.get() {
            // SAFETY: built, so the value is there (invariant), and `&mut self` means no
            // reference to it is left.
            unsafe { self.value.get_mut().assume_init_drop() };
        }
    }
}

// SAFETY: a wasm32 module without the `atomics` target feature runs on one thread, so no two
// threads ever reach the cell. With `atomics` (threads) this impl is absent and a `static` cell
// fails to compile.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for OneThreadLock<T> {}

/// `size` rounded up to [`GRAIN`] (`None` on overflow).
fn grained(size: usize) -> Option<usize> {
    align_up(size.max(1), GRAIN)
}

/// `value` rounded up to a multiple of `align` (a power of two), `None` on overflow.
fn align_up(value: usize, align: usize) -> Option<usize> {
    Some(value.checked_add(align - 1)? & !(align - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    #[test]
    fn one_thread_lock_builds_its_value_once_on_first_use() {
        // (values offered by successive calls, the value every call returns)
        let cases: &[(&[u32], u32)] = &[(&[7], 7), (&[1, 2], 1), (&[5, 5, 9], 5)];
        for &(offered, want) in cases {
            let (lock, builds) = (OneThreadLock::new(), Cell::new(0));
            for &value in offered {
                let got = *lock.get_or_init(|| {
                    builds.set(builds.get() + 1);
                    value
                });
                assert_eq!(got, want, "{offered:?}");
            }
            assert_eq!(builds.get(), 1, "{offered:?}");
        }
    }

    #[test]
    fn one_thread_lock_keeps_the_value_a_reentrant_build_made() {
        let value = std::rc::Rc::new(());
        let lock = OneThreadLock::new();
        let outer = lock.get_or_init(|| {
            let inner = lock.get_or_init(|| (1, value.clone()));
            assert_eq!(inner.0, 1);
            (2, value.clone())
        });
        // The outer build's value was leaked; the inner one stays until the cell goes.
        assert_eq!((outer.0, std::rc::Rc::strong_count(&value)), (1, 3));
        drop(lock);
        assert_eq!(std::rc::Rc::strong_count(&value), 2);
    }

    /// A memory of `chunks` chunks that grows up to `max` chunks (addresses only: no bytes).
    struct FakeMemory {
        chunks: usize,
        max: usize,
    }

    impl Memory for FakeMemory {
        fn size(&self) -> usize {
            self.chunks * CHUNK
        }
        fn grow(&mut self, chunks: usize) -> bool {
            self.chunks += chunks;
            self.chunks <= self.max
        }
    }

    fn arena() -> Box<Arena<FakeMemory>> {
        Box::new(Arena::new(FakeMemory {
            chunks: 2,
            max: 1 << 12,
        }))
    }

    /// Checks that `blocks` (address, size) are aligned, inside the arena and pairwise disjoint,
    /// and that the counts are exactly the live blocks per chunk.
    fn check(arena: &Arena<FakeMemory>, blocks: &[(usize, usize, usize)]) {
        let mut sorted: Vec<(usize, usize)> = blocks.iter().map(|&(p, s, _)| (p, s)).collect();
        sorted.sort_unstable();
        for pair in sorted.windows(2) {
            assert!(pair[0].0 + pair[0].1 <= pair[1].0, "overlap: {pair:?}");
        }
        let mut counts = vec![0u16; arena.memory.chunks];
        for &(ptr, size, align) in blocks {
            assert_eq!(ptr % align, 0);
            assert!(ptr >= 2 * CHUNK && ptr + size <= arena.memory.size());
            let size = grained(size).unwrap();
            assert!(
                ptr + size <= arena.top || ptr >= arena.limit,
                "a live block in the run"
            );
            for count in &mut counts[ptr >> CHUNK_BITS..=(ptr + size - 1) >> CHUNK_BITS] {
                *count += 1;
            }
        }
        assert_eq!(&arena.counts[..counts.len()], &counts[..]);
    }

    #[test]
    fn calls_reuse_the_same_chunks() {
        // (sizes allocated in one call, memory chunks after ten calls)
        let cases: &[(&[usize], usize)] = &[
            (&[1, 2, 3, 100], 3),
            (&[CHUNK - 1, 5], 4),
            (&[3 * CHUNK + 1, 7, CHUNK / 2], 6),
        ];
        for &(sizes, chunks) in cases {
            let mut arena = arena();
            for _ in 0..10 {
                let blocks: Vec<usize> = sizes
                    .iter()
                    .map(|&s| arena.alloc(s, 1).unwrap().get())
                    .collect();
                for (&ptr, &size) in blocks.iter().zip(sizes) {
                    arena.free(ptr, size);
                }
                assert_eq!(arena.top, 2 * CHUNK, "{sizes:?}");
            }
            assert_eq!(arena.memory.chunks, chunks, "{sizes:?}");
        }
    }

    #[test]
    fn a_block_that_outlives_a_call_pins_only_its_chunk() {
        let mut arena = arena();
        let mut pinned = Vec::new();
        for call in 0..50 {
            let temporary: Vec<usize> = (0..100)
                .map(|_| arena.alloc(4000, 4).unwrap().get())
                .collect();
            if call % 5 == 0 {
                pinned.push(arena.alloc(16, 8).unwrap().get());
            }
            for ptr in temporary {
                arena.free(ptr, 4000);
            }
        }
        // One call needs 7 chunks; ten pinned blocks may cost a chunk each.
        assert!(arena.memory.chunks <= 2 + 7 + 10, "{}", arena.memory.chunks);
    }

    #[test]
    fn the_last_block_grows_and_shrinks_in_place() {
        // (size, new size, grows in place)
        let cases: &[(usize, usize, bool)] = &[
            (10, 20, true),
            (10, CHUNK, true),
            (20, 10, true),
            (10, 8 * CHUNK, false),
        ];
        for &(size, new, in_place) in cases {
            let mut arena = arena();
            let ptr = arena.alloc(size, 1).unwrap().get();
            assert_eq!(arena.resize_in_place(ptr, size, new).is_some(), in_place);
            if in_place {
                check(&arena, &[(ptr, new, 1)]);
                arena.free(ptr, new);
            } else {
                arena.free(ptr, size);
            }
            check(&arena, &[]);
        }
    }

    #[test]
    fn a_block_under_the_last_only_shrinks_in_place() {
        let mut arena = arena();
        let first = arena.alloc(100, 1).unwrap().get();
        let last = arena.alloc(100, 1).unwrap().get();
        assert!(arena.resize_in_place(first, 100, 200).is_none());
        assert!(arena.resize_in_place(first, 100, 50).is_some());
        check(&arena, &[(first, 50, 1), (last, 100, 1)]);
    }

    #[test]
    fn a_memory_that_cannot_grow_fails_the_allocation() {
        let mut arena = Box::new(Arena::new(FakeMemory { chunks: 2, max: 3 }));
        assert!(arena.alloc(CHUNK, 1).is_some());
        assert!(arena.alloc(1, 1).is_none());
        assert!(arena.alloc(usize::MAX - 3, 1).is_none());
    }

    /// One step of a random sequence: allocate (size, alignment), free the `n`th live block
    /// (modulo their number), or resize it.
    #[derive(Clone, Debug)]
    enum Op {
        Alloc(usize, u32),
        Free(usize),
        Resize(usize, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let size = prop_oneof![1usize..64, 1usize..4096, 1usize..(3 * CHUNK)];
        prop_oneof![
            3 => (size.clone(), 0u32..5).prop_map(|(s, a)| Op::Alloc(s, a)),
            2 => any::<usize>().prop_map(Op::Free),
            1 => (any::<usize>(), size).prop_map(|(n, s)| Op::Resize(n, s)),
        ]
    }

    proptest! {
        #[test]
        fn live_blocks_never_overlap(ops in proptest::collection::vec(op(), 1..300)) {
            let mut arena = arena();
            let mut live: Vec<(usize, usize, usize)> = Vec::new();
            for op in ops {
                match op {
                    Op::Alloc(size, align) => {
                        let align = 1 << align;
                        let ptr = arena.alloc(size, align).unwrap().get();
                        live.push((ptr, size, align));
                    }
                    Op::Free(n) if !live.is_empty() => {
                        let (ptr, size, _) = live.swap_remove(n % live.len());
                        arena.free(ptr, size);
                    }
                    Op::Resize(n, new) if !live.is_empty() => {
                        let i = n % live.len();
                        let (ptr, size, align) = live[i];
                        if arena.resize_in_place(ptr, size, new).is_some() {
                            live[i].1 = new;
                        } else {
                            let moved = arena.alloc(new, align).unwrap().get();
                            arena.free(ptr, size);
                            live[i] = (moved, new, align);
                        }
                    }
                    _ => {}
                }
                check(&arena, &live);
            }
            for (ptr, size, _) in live.drain(..) {
                arena.free(ptr, size);
            }
            check(&arena, &[]);
            // Back at the arena's first chunk (or never left it: no allocation at all).
            prop_assert!(arena.top <= 2 * CHUNK);
        }
    }
}
