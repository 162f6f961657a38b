//! The intake parser a deployment uses: its `[intake]` rules with the shipped model, or the
//! village-tuned model file `intake.model` names.

use std::sync::Arc;

use super::{ConfigError, Settings};
use crate::domain::intake::{IntakeModel, IntakeParser};

impl Settings {
    /// The intake rules with the shipped model, or the one `intake.model` names.
    pub fn intake_parser(&self) -> Result<IntakeParser, ConfigError> {
        let path = self.intake.model.trim();
        let compiled = if path.is_empty() {
            self.intake.compile()
        } else {
            let invalid = |message: String| ConfigError::Invalid {
                key: "intake.model",
                message,
            };
            let bytes =
                std::fs::read(path).map_err(|e| invalid(format!("cannot read {path}: {e}")))?;
            let model =
                IntakeModel::from_bytes(&bytes).map_err(|e| invalid(format!("{path}: {e}")))?;
            self.intake.compile_with(Arc::new(model))
        };
        compiled.map_err(|e| ConfigError::Invalid {
            key: "intake",
            message: e.to_string(),
        })
    }
}
