import type { CSSProperties } from 'react';
import type { ActorIdentity, FaceBox, ImageVerdict } from './identity-api';

const CROP_PX = 112;
/** Room around the detector's box, so the crop shows the whole head. */
const MARGIN = 0.1;

/** A face cut out of an image with CSS alone: the image as a background, scaled and shifted onto the box. */
function FaceCrop({
  url,
  width,
  height,
  box,
  label,
}: {
  url: string;
  width: number;
  height: number;
  box: FaceBox;
  label: string;
}) {
  const side = Math.max(box.width, box.height) * (1 + 2 * MARGIN);
  const scale = CROP_PX / side;
  const left = box.x + box.width / 2 - side / 2;
  const top = box.y + box.height / 2 - side / 2;
  const style: CSSProperties = {
    width: CROP_PX,
    height: CROP_PX,
    backgroundImage: `url("${url}")`,
    backgroundSize: `${width * scale}px ${height * scale}px`,
    backgroundPosition: `${-left * scale}px ${-top * scale}px`,
  };
  return (
    <figure className="face-crop">
      <div role="img" aria-label={label} style={style} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** The lightbox's identity panel: the actor's base face beside this image's face, with the distance and verdict. */
export function FaceCompare({
  identity,
  verdict,
  image,
}: {
  identity: ActorIdentity | undefined;
  verdict: ImageVerdict | undefined;
  image: { url: string; width: number; height: number };
}) {
  if (identity === undefined) return null;
  if (!identity.isChecking) return <p className="small muted">{identity.notice}</p>;
  if (verdict === undefined) return <p className="small muted">Identity not judged yet.</p>;
  const base = identity.baseImage;
  return (
    <section className="face-compare" data-testid="face-compare">
      <div className="face-pair">
        {base.faceBox && (
          <FaceCrop url={base.url} width={base.width} height={base.height} box={base.faceBox} label="Base face" />
        )}
        {verdict.faceBox ? (
          <FaceCrop
            url={image.url}
            width={image.width}
            height={image.height}
            box={verdict.faceBox}
            label="This image"
          />
        ) : (
          <p className="small muted">No face found in this image.</p>
        )}
      </div>
      <p className={`identity-verdict verdict-${verdict.verdict}`} data-testid="face-distance">
        {verdict.text}
      </p>
    </section>
  );
}
