// Preload (node --import) that sets this process's clock CLOCK_SKEW_MS ahead (or behind): every
// Date made without arguments and Date.now() are shifted, as on a server whose clock is wrong.
const skew = Number(process.env.CLOCK_SKEW_MS ?? 0);
const RealDate = globalThis.Date;

class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + skew);
    else super(...args);
  }

  static now() {
    return RealDate.now() + skew;
  }
}

globalThis.Date = SkewedDate;
