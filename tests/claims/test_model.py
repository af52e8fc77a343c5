"""claims/model.py: the SVM's decision computed by numpy gives scikit-learn's numbers."""

import numpy as np

from claims import corpus, model


def test_the_fast_meaning_score_is_scikit_learns_own():
    # Trained as the process's model is, with scikit-learn's own fitted model kept.
    trained = model.ClaimModel(corpus.split("train") + corpus.split("dev"), keep_reference=True)
    sentences = [e.sentence for e in corpus.split("test")[:200]]
    vectors = model.embed(sentences)
    expected = trained.reference.predict_proba(vectors)[:, 1]
    # The support vectors are kept in float32: the same probabilities to 1e-5.
    assert np.allclose(trained._meaning(vectors), expected, atol=1e-5)
    # Claims and safe sentences both among them: the comparison covers the whole range.
    assert expected.min() < 0.2 and expected.max() > 0.8
