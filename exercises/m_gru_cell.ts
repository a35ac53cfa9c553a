// Exercise M — one step of a GRU cell (PyTorch's form), forward and backward.
//
// I = input size, H = hidden size. Matrices row-major; the 3H rows of the
// weights and biases hold the gates in PyTorch's order r, z, n.
//
//   r  = σ(W_ir x + b_ir + W_hr h + b_hr)
//   z  = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))     (b_hn inside the reset product)
//   h' = (1 − z) ⊙ n + z ⊙ h
//
// Backward, given dh' = ∂L/∂h':
//   dn = dh' ⊙ (1 − z),  dz = dh' ⊙ (h − n),  and h reaches h' directly: dh += dh' ⊙ z
//   da_n = dn ⊙ (1 − n²),  da_r = da_n ⊙ (W_hn h + b_hn) ⊙ r(1 − r),  da_z = dz ⊙ z(1 − z)
//   the input side gets [da_r, da_z, da_n]; the hidden side [da_r, da_z, r ⊙ da_n]:
//   dW_ih += [da_r; da_z; da_n] xᵀ,         db_ih += [da_r; da_z; da_n]
//   dW_hh += [da_r; da_z; r ⊙ da_n] hᵀ,     db_hh += [da_r; da_z; r ⊙ da_n]
//   dx = W_ihᵀ [da_r; da_z; da_n],          dh += W_hhᵀ [da_r; da_z; r ⊙ da_n]

/** The cell's parameters (and, with the same shapes, their gradients). */
export interface GruParams {
  /** (3H, I): W_ir, W_iz, W_in stacked. */
  Wih: Float64Array;
  /** (3H, H): W_hr, W_hz, W_hn stacked. */
  Whh: Float64Array;
  /** (3H). */
  bih: Float64Array;
  /** (3H). */
  bhh: Float64Array;
}

/** What the forward pass keeps for the backward pass (yours to shape). */
export interface GruCache {
  x: Float64Array;
  hPrev: Float64Array;
  r: Float64Array;
  z: Float64Array;
  n: Float64Array;
  /** W_hn h + b_hn. */
  hn: Float64Array;
}

/** h' from the input x (I) and the previous state h (H). */
export function gruCellForward(
  params: GruParams,
  x: Float64Array,
  hPrev: Float64Array,
): { h: Float64Array; cache: GruCache } {
  throw new Error("TODO");
}

/** Gradients of the parameters, of x and of h, given dh' = ∂L/∂h'. */
export interface GruGradients extends GruParams {
  x: Float64Array;
  hPrev: Float64Array;
}

/** The backward pass of one cell step. */
export function gruCellBackward(
  params: GruParams,
  cache: GruCache,
  dh: Float64Array,
): GruGradients {
  throw new Error("TODO");
}
