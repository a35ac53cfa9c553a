// The reference GRU cell's backward pass against finite differences of
// L = Σ dh ⊙ h, with gi, gh and hPrev as independent inputs (the path from
// hPrev through W_hh belongs to the layer, not to the cell).
import { createReferenceBackend } from "../../../mod.ts";
import { assertGradientsMatch, numericGradient } from "../../helpers/finite_difference.ts";
import { randomValues } from "../../helpers/random.ts";

const backend = createReferenceBackend();

Deno.test("gruCellBackward() matches finite differences for gi, gh and hPrev", () => {
  for (const [batch, hidden] of [[1, 1], [2, 3], [3, 5]]) {
    const units = batch * hidden;
    const t = (shape: number[], values?: ArrayLike<number>) => backend.tensor(shape, values);
    const gi = t([batch, 3 * hidden], randomValues(batch + hidden, 3 * units, -2, 2));
    const gh = t([batch, 3 * hidden], randomValues(5, 3 * units, -2, 2));
    const hPrev = t([batch, hidden], randomValues(6, units));
    const dh = t([batch, hidden], randomValues(7, units));
    const h = t([batch, hidden]), gates = t([batch, 3 * hidden]);
    const loss = () => {
      backend.gruCellForward(h, gates, gi, gh, hPrev);
      let total = 0;
      for (let i = 0; i < units; i++) total += dh.data[i] * h.data[i];
      return total;
    };
    const numericGi = numericGradient(loss, gi.data);
    const numericGh = numericGradient(loss, gh.data);
    const numericHPrev = numericGradient(loss, hPrev.data);
    loss();
    const dgi = t([batch, 3 * hidden]), dgh = t([batch, 3 * hidden]), dhPrev = t([batch, hidden]);
    backend.gruCellBackward(dgi, dgh, dhPrev, dh, gates, gh, hPrev);
    assertGradientsMatch(dgi.data, numericGi, `dgi ${batch}x${hidden}`);
    assertGradientsMatch(dgh.data, numericGh, `dgh ${batch}x${hidden}`);
    assertGradientsMatch(dhPrev.data, numericHPrev, `dhPrev ${batch}x${hidden}`);
  }
});
