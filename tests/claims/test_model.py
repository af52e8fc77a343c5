"""claims/model.py: the SVM's decision computed by numpy gives scikit-learn's numbers."""

import numpy as np

from claims import corpus, model


def test_the_fast_meaning_score_is_scikit_learns_own():
    trained = model.model()
    sentences = [e.sentence for e in corpus.split("test")[:200]]
    vectors = model.embed(sentences)
    expected = trained.meaning_model.predict_proba(vectors)[:, 1]
    assert np.allclose(trained._meaning(vectors), expected, atol=1e-6)
    # Claims and safe sentences both among them: the comparison covers the whole range.
    assert expected.min() < 0.2 and expected.max() > 0.8
