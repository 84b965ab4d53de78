# Warning flags and the floating-point contract for project targets.
#
# -ffp-contract=off: a fused multiply-add rounds once where the model's code
# rounds twice, so contraction would make host and device results differ.
# Every backend must give byte-identical results (docs/MODEL.md).
#
# -Wno-restrict on GCC: GCC 12 reports std::string concatenation as
# overlapping memcpy at -O2 and above (GCC bug 105329, a false positive in
# libstdc++'s own code), which -Werror would turn into a failed build.
add_library(chokepoint_flags INTERFACE)
target_compile_options(chokepoint_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                            -ffp-contract=off -fno-fast-math>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:GNU>>:-Wno-restrict>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${CHOKEPOINT_WERROR}>>:-Werror>)
