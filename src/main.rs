//! The `qari` binary: a thin shell over the library's [`qari::cli`].

fn main() -> std::process::ExitCode {
    qari::cli::main()
}
