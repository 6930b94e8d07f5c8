"""Values as donor forms need them: money parsed from what pages say, month/year dates,
currency conversion at the user's own rates. Below the library (no donorkit imports but the
model), so the normaliser and the form builder share one parser."""
