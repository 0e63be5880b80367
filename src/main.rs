//! The `qari` binary: a thin shell over the library's [`qari::cli`].

/// mimalloc: the index build allocates a token at a time in several
/// threads, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    qari::cli::main()
}
