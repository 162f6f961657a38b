//! The model file: a small header, then one row per feature (its hash and 16-bit weights).
//!
//! Layout, little-endian: `VBIM`, version (u16), outputs (u16), the urgency threshold (f32), the
//! row count (u32), one scale per output (f32), then per row the key (u64) and one i16 per
//! output (`weight = q × scale`). Rows are sorted by key, so the same model always gives the same
//! bytes. Weights whose 16-bit form is zero everywhere are not written.

use super::{IntakeModel, OUTPUTS};

const MAGIC: &[u8; 4] = b"VBIM";
const VERSION: u16 = 1;
const HEADER: usize = 4 + 2 + 2 + 4 + 4 + 4 * OUTPUTS;
const ROW: usize = 8 + 2 * OUTPUTS;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("not a villagebot intake model (no VBIM header)")]
    Magic,
    #[error("intake model version {0} is not supported (this build reads version {VERSION})")]
    Version(u16),
    #[error("intake model has {0} outputs, this build needs {OUTPUTS}")]
    Outputs(u16),
    #[error("intake model is cut short or has trailing bytes")]
    Length,
    #[error("intake model holds a threshold or scale that is not a number between 0 and 1e6")]
    Value,
}

/// Reads little-endian values off the front of a slice.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let (head, rest) = self.0.split_at_checked(N).ok_or(ModelError::Length)?;
        self.0 = rest;
        head.try_into().map_err(|_| ModelError::Length)
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        let v = f32::from_le_bytes(self.take()?);
        if v.is_finite() && (0.0..=1e6).contains(&v) {
            Ok(v)
        } else {
            Err(ModelError::Value)
        }
    }
}

/// One scale per output: the largest magnitude maps to i16::MAX.
fn scales<'a>(rows: impl Iterator<Item = &'a [f32; OUTPUTS]>) -> [f32; OUTPUTS] {
    let mut s = [0.0f32; OUTPUTS];
    for row in rows {
        for (m, w) in s.iter_mut().zip(row) {
            *m = m.max(w.abs());
        }
    }
    s.map(|m| {
        if m > 0.0 {
            m / f32::from(i16::MAX)
        } else {
            1.0
        }
    })
}

fn quantise(w: f32, scale: f32) -> i16 {
    (w / scale)
        .round()
        .clamp(f32::from(i16::MIN + 1), f32::from(i16::MAX)) as i16
}

impl IntakeModel {
    /// The model file's bytes; the same model always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let scale = scales(self.rows.values());
        let mut rows: Vec<(u64, [i16; OUTPUTS])> = self
            .rows
            .iter()
            .filter_map(|(k, w)| {
                let mut q = [0i16; OUTPUTS];
                for (j, x) in w.iter().enumerate() {
                    q[j] = quantise(*x, scale[j]);
                }
                q.iter().any(|x| *x != 0).then_some((*k, q))
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        let mut out = Vec::with_capacity(HEADER + rows.len() * ROW);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(OUTPUTS as u16).to_le_bytes());
        out.extend_from_slice(&self.urgent_threshold.to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for s in scale {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for (k, q) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            for x in q {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model file; refuses anything that is not exactly one.
    pub fn from_bytes(bytes: &[u8]) -> Result<IntakeModel, ModelError> {
        let mut r = Reader(bytes);
        if &r.take::<4>()? != MAGIC {
            return Err(ModelError::Magic);
        }
        match r.u16()? {
            VERSION => {}
            v => return Err(ModelError::Version(v)),
        }
        match r.u16()? {
            n if n as usize == OUTPUTS => {}
            n => return Err(ModelError::Outputs(n)),
        }
        let urgent_threshold = r.f32()?;
        let n = u32::from_le_bytes(r.take()?) as usize;
        let mut scale = [0.0f32; OUTPUTS];
        for s in scale.iter_mut() {
            *s = r.f32()?;
        }
        if r.0.len() != n.checked_mul(ROW).ok_or(ModelError::Length)? {
            return Err(ModelError::Length);
        }
        let mut keys = Vec::with_capacity(n);
        let mut weights = Vec::with_capacity(n * OUTPUTS);
        for _ in 0..n {
            keys.push(u64::from_le_bytes(r.take()?));
            for s in scale {
                weights.push(f32::from(i16::from_le_bytes(r.take()?)) * s);
            }
        }
        Ok(IntakeModel::new(keys, weights, urgent_threshold))
    }
}
