//! A stack overflow must be reported like any other crash, with its input saved. libFuzzer's
//! crash handler runs on the stack that overflowed, so it dies silently there (the process just
//! ends with SIGSEGV and nothing is saved). Giving the handler a stack of its own fixes that.

use std::sync::Once;

/// Gives libFuzzer's SIGSEGV and SIGBUS handlers an alternate signal stack. Call it from the fuzz
/// target: libFuzzer installs its handlers before the first input.
pub fn report_overflows() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        const SIZE: usize = 1 << 20;
        let stack: &'static mut [u8] = Vec::leak(vec![0; SIZE]);
        // SAFETY: the alternate stack lives for the rest of the process; the handlers are
        // reinstalled as they are, with SA_ONSTACK added.
        unsafe {
            let alt = libc::stack_t {
                ss_sp: stack.as_mut_ptr().cast(),
                ss_flags: 0,
                ss_size: SIZE,
            };
            assert_eq!(libc::sigaltstack(&alt, std::ptr::null_mut()), 0);
            for signal in [libc::SIGSEGV, libc::SIGBUS] {
                let mut action: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut action) == 0
                    && action.sa_sigaction != libc::SIG_DFL
                {
                    action.sa_flags |= libc::SA_ONSTACK;
                    libc::sigaction(signal, &action, std::ptr::null_mut());
                }
            }
        }
    });
}
